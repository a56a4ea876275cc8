import { FlaskConical } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { publicRuntime } from "@/env";

/** Marks anything simulated or local, so nobody mistakes the outbox for sent mail. */
export function ModeBadge() {
  const { mode, simulated } = publicRuntime();
  if (mode === "hosted" && simulated.length === 0) return null;
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <Badge variant="warning" className="cursor-default gap-1 font-normal" data-testid="mode-badge">
          <FlaskConical className="size-3" />
          {mode === "local" ? "Local mode" : mode === "self-hosted" ? "Self-hosted" : "Simulated parts"}
        </Badge>
      </TooltipTrigger>
      <TooltipContent side="bottom" className="max-w-xs">
        <p className="font-medium">Running {mode}.</p>
        {simulated.length > 0 ? (
          <ul className="mt-1 list-disc pl-4">
            {simulated.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        ) : null}
      </TooltipContent>
    </Tooltip>
  );
}
