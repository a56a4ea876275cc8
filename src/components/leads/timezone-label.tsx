import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import {
  TIMEZONE_SOURCE_HINTS,
  TIMEZONE_SOURCE_LABELS,
  type TimezoneSource,
  zoneCity,
  zoneLabel,
} from "./lead-labels";

/** A lead's zone with where it came from; several candidate zones are named in the tooltip. */
export function TimezoneLabel({
  timezone,
  source,
  candidates,
}: {
  timezone: string;
  source: TimezoneSource;
  candidates: string[] | null;
}) {
  const several = candidates && candidates.length > 1 ? candidates : null;
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <span className="inline-flex cursor-default items-baseline gap-1.5">
          <span>{zoneCity(timezone)}</span>
          <span className="text-muted-foreground text-xs">
            {TIMEZONE_SOURCE_LABELS[source]}
            {several ? ` · 1 of ${several.length}` : ""}
          </span>
        </span>
      </TooltipTrigger>
      <TooltipContent side="top" className="max-w-72">
        <p className="font-medium">{zoneLabel(timezone)}</p>
        <p>{TIMEZONE_SOURCE_HINTS[source]}</p>
        {several ? (
          <p className="mt-1">
            One of {several.length} zones: {several.map(zoneLabel).join(", ")}. The dialer calls only when the
            time is inside calling hours in each of them.
          </p>
        ) : null}
      </TooltipContent>
    </Tooltip>
  );
}
