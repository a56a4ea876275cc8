import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import {
  likelyZoneNote,
  TIMEZONE_SOURCE_HINTS,
  type TimezoneSource,
  timezoneSourceTag,
  zoneCity,
  zoneLabel,
} from "./lead-labels";

/** A lead's zone with where it came from; the other candidate zones are named in the tooltip. */
export function TimezoneLabel({
  timezone,
  source,
  candidates,
}: {
  timezone: string;
  source: TimezoneSource;
  candidates: string[] | null;
}) {
  const note = likelyZoneNote(timezone, candidates);
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <span className="inline-flex cursor-default items-baseline gap-1.5">
          <span>{zoneCity(timezone)}</span>
          <span className="text-muted-foreground text-xs">{timezoneSourceTag(source, candidates)}</span>
        </span>
      </TooltipTrigger>
      <TooltipContent side="top" className="max-w-72">
        <p className="font-medium">{zoneLabel(timezone)}</p>
        <p>{TIMEZONE_SOURCE_HINTS[source]}</p>
        {note && candidates ? (
          <>
            <p className="mt-1">Possible zones: {candidates.map(zoneLabel).join(", ")}.</p>
            <p className="mt-1">
              {note}. The dialer calls only when the time is inside calling hours in every one of these zones.
            </p>
          </>
        ) : null}
      </TooltipContent>
    </Tooltip>
  );
}
