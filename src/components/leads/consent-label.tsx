import { LocalTime } from "@/components/local-time";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { cn } from "@/lib/utils";
import { consentLabel } from "./lead-labels";

/** Consent yes / no / unknown, with its source and date in a tooltip. */
export function ConsentLabel({
  consent,
  source,
  at,
}: {
  consent: boolean | null;
  source: string | null;
  at: string | null;
}) {
  const label = (
    <span
      className={cn(
        "inline-flex items-center gap-1.5",
        consent === true && "text-success",
        consent === false && "text-destructive",
        consent === null && "text-muted-foreground",
      )}
    >
      <span
        aria-hidden="true"
        className={cn(
          "size-1.5 rounded-full",
          consent === true && "bg-success",
          consent === false && "bg-destructive",
          consent === null && "bg-muted-foreground/50",
        )}
      />
      {consentLabel(consent)}
    </span>
  );
  if (consent === null && !source) return label;
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <span className="cursor-default">{label}</span>
      </TooltipTrigger>
      <TooltipContent side="top">
        {source ? `Source: ${source}` : "No source recorded"}
        {at ? (
          <>
            {" · "}
            <LocalTime value={at} format="date" />
          </>
        ) : null}
      </TooltipContent>
    </Tooltip>
  );
}
