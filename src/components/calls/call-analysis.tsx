import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import type { AnalysisGroup } from "./call-format";

/** The provider's post-call analysis as short labelled lists, one per nested object. */
export function CallAnalysis({ groups }: { groups: AnalysisGroup[] }) {
  return (
    <div className="grid gap-4">
      {groups.map((group) => (
        <section key={group.key} aria-label={group.title ?? "Analysis"} className="grid gap-2">
          {group.title ? (
            <h3 className="text-muted-foreground text-xs font-medium tracking-wide uppercase">
              {group.title}
            </h3>
          ) : null}
          <dl className="grid grid-cols-[minmax(6rem,max-content)_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm">
            {group.fields.map((f) => (
              <div key={f.key} className="contents">
                <dt className="text-muted-foreground">{f.label}</dt>
                <dd className={f.json ? "font-mono text-xs break-all" : "break-words"}>
                  {f.raw ? (
                    <Tooltip>
                      <TooltipTrigger asChild>
                        <span className="cursor-help underline decoration-dotted underline-offset-4">
                          {f.value}
                        </span>
                      </TooltipTrigger>
                      <TooltipContent>
                        Sent as <code className="font-mono">{f.raw}</code>
                      </TooltipContent>
                    </Tooltip>
                  ) : (
                    f.value
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
