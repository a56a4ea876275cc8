import { Bot, MessageSquareOff, User } from "lucide-react";
import { cn } from "@/lib/utils";
import { type TranscriptTurn, turnsFromText } from "./call-format";

/**
 * A call's conversation turn by turn, agent on the left and lead on the right; the plain transcript
 * when no turns can be read from it; an empty state when there is none.
 */
export function CallTranscript({
  turns,
  text,
  leadName,
}: {
  turns: TranscriptTurn[] | null;
  text: string | null;
  leadName: string;
}) {
  const list = turns && turns.length > 0 ? turns : turnsFromText(text);
  if (list) {
    return (
      <ol className="grid gap-3" aria-label="Transcript">
        {list.map((turn, i) => {
          const agent = turn.role === "agent";
          const Icon = agent ? Bot : User;
          return (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: turns have no id and never reorder.
              key={i}
              className={cn(
                "flex items-end gap-2",
                agent ? "pr-8 sm:pr-16" : "flex-row-reverse pl-8 sm:pl-16",
              )}
            >
              <span
                aria-hidden="true"
                className={cn(
                  "flex size-7 shrink-0 items-center justify-center rounded-full border",
                  agent
                    ? "bg-muted text-muted-foreground"
                    : "bg-primary text-primary-foreground border-transparent",
                )}
              >
                <Icon className="size-3.5" />
              </span>
              <div className={cn("grid min-w-0 gap-1", agent ? "justify-items-start" : "justify-items-end")}>
                <span className="text-muted-foreground text-xs font-medium">
                  {agent ? "Agent" : leadName}
                </span>
                <p
                  className={cn(
                    "rounded-2xl px-3.5 py-2 text-sm leading-relaxed whitespace-pre-wrap break-words",
                    agent
                      ? "bg-muted text-foreground rounded-bl-sm"
                      : "bg-primary text-primary-foreground rounded-br-sm",
                  )}
                >
                  {turn.text}
                </p>
              </div>
            </li>
          );
        })}
      </ol>
    );
  }
  if (text?.trim()) {
    return (
      <p className="bg-muted/50 text-muted-foreground rounded-lg border p-3 text-sm whitespace-pre-wrap">
        {text}
      </p>
    );
  }
  return (
    <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed p-6 text-center text-sm">
      <MessageSquareOff className="size-5" aria-hidden="true" />
      <p className="text-foreground font-medium">No transcript</p>
      <p className="max-w-sm text-balance">
        Calls that never connect have no conversation; for answered calls the provider sends the transcript
        when the call ends.
      </p>
    </div>
  );
}
