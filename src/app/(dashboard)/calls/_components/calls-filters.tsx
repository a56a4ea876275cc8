"use client";

import { CalendarDays, ChevronDown, SlidersHorizontal, Timer, X } from "lucide-react";
import { useCallback, useMemo, useState } from "react";
import { FilterSelect } from "@/components/app/filter-select";
import { SearchBox } from "@/components/app/search-box";
import { type UrlChanges, useUrlFilters } from "@/components/app/use-url-filters";
import { CALL_OUTCOME_LABELS, CALL_RESULT_LABELS, PROVIDER_LABELS } from "@/components/campaigns/call-labels";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import {
  Sheet,
  SheetContent,
  SheetDescription,
  SheetFooter,
  SheetHeader,
  SheetTitle,
  SheetTrigger,
} from "@/components/ui/sheet";
import {
  CALL_FILTER_PARAMS,
  type CallFilter,
  isCallFilterActive,
  parseCallSearchParams,
} from "@/lib/schemas/call-filters";
import { cn } from "@/lib/utils";
import { DURATION_PRESETS, dateRangeLabel, durationLabel, lastDays } from "./call-filter-labels";

type Campaign = { id: string; name: string };
type Change = (changes: UrlChanges, options?: { replace?: boolean }) => void;

/**
 * The calls log's search and filters, every one in the URL (shareable; the back button undoes
 * each). From `md` up they sit in one toolbar; on a phone the search stays and the rest open in a
 * sheet, so nothing pushes the page wider than the screen.
 */
export function CallsFilters({ campaigns }: { campaigns: Campaign[] }) {
  const { params, setParams } = useUrlFilters();
  const filter = useMemo(() => parseCallSearchParams(Object.fromEntries(params)).filter, [params]);
  const search = useCallback((q: string) => setParams({ q }, { replace: true }), [setParams]);
  const active = facetCount(filter);
  const clear = () =>
    setParams(Object.fromEntries(Object.values(CALL_FILTER_PARAMS).map((p) => [p, null] as const)));
  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchBox
        value={filter.q}
        onSearch={search}
        placeholder="Search transcripts and summaries"
        label="Search transcripts and summaries"
        className="min-w-0 flex-1 sm:w-72 sm:flex-none"
        inputClassName="h-8"
      />
      <div className="hidden flex-wrap items-center gap-2 md:flex" data-testid="calls-filter-bar">
        <FilterFields filter={filter} campaigns={campaigns} onChange={setParams} layout="bar" />
      </div>
      <Sheet>
        <SheetTrigger asChild>
          <Button variant="outline" size="sm" className="md:hidden">
            <SlidersHorizontal /> Filters
            {active > 0 ? (
              <Badge variant="secondary" className="rounded-sm px-1 font-normal">
                {active}
              </Badge>
            ) : null}
          </Button>
        </SheetTrigger>
        <SheetContent side="bottom" className="max-h-[85dvh] overflow-y-auto">
          <SheetHeader>
            <SheetTitle>Filter calls</SheetTitle>
            <SheetDescription>Each change applies at once and is kept in the link.</SheetDescription>
          </SheetHeader>
          <div className="grid gap-3 px-4">
            <FilterFields filter={filter} campaigns={campaigns} onChange={setParams} layout="sheet" />
          </div>
          <SheetFooter className="flex-row justify-between">
            <Button variant="ghost" size="sm" onClick={clear} disabled={active === 0}>
              Clear filters
            </Button>
          </SheetFooter>
        </SheetContent>
      </Sheet>
      {isCallFilterActive(filter) ? (
        <Button variant="ghost" size="sm" onClick={clear}>
          <X /> Clear
        </Button>
      ) : null}
    </div>
  );
}

/** Filters other than the search, set in the URL. */
function facetCount(filter: CallFilter): number {
  const { q: _q, leadId: _lead, ...facets } = filter;
  let n = 0;
  if (facets.campaignId) n++;
  if (facets.result) n++;
  if (facets.outcome) n++;
  if (facets.provider) n++;
  if (facets.from || facets.to) n++;
  if (facets.minSeconds !== undefined || facets.maxSeconds !== undefined) n++;
  return n;
}

function FilterFields({
  filter,
  campaigns,
  onChange,
  layout,
}: {
  filter: CallFilter;
  campaigns: Campaign[];
  onChange: Change;
  layout: "bar" | "sheet";
}) {
  const bar = layout === "bar";
  const field = (label: string, control: React.ReactNode) =>
    bar ? (
      control
    ) : (
      <div className="grid gap-1.5">
        <span className="text-muted-foreground text-xs font-medium">{label}</span>
        {control}
      </div>
    );
  const width = (w: string) => (bar ? w : "w-full");
  return (
    <>
      {field(
        "Campaign",
        <FilterSelect
          value={filter.campaignId}
          onChange={(v) => onChange({ [CALL_FILTER_PARAMS.campaignId]: v })}
          options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
          allLabel="All campaigns"
          label="Campaign"
          size="sm"
          className={width("w-44")}
        />,
      )}
      {field(
        "Result",
        <FilterSelect
          value={filter.result}
          onChange={(v) => onChange({ [CALL_FILTER_PARAMS.result]: v })}
          options={CALL_RESULT_LABELS}
          allLabel="All results"
          label="Result"
          size="sm"
          className={width("w-36")}
        />,
      )}
      {field(
        "Outcome",
        <FilterSelect
          value={filter.outcome}
          onChange={(v) => onChange({ [CALL_FILTER_PARAMS.outcome]: v })}
          options={CALL_OUTCOME_LABELS}
          allLabel="All outcomes"
          label="Outcome"
          size="sm"
          className={width("w-36")}
        />,
      )}
      {field(
        "Provider",
        <FilterSelect
          value={filter.provider}
          onChange={(v) => onChange({ [CALL_FILTER_PARAMS.provider]: v })}
          options={PROVIDER_LABELS}
          allLabel="All providers"
          label="Provider"
          size="sm"
          className={width("w-36")}
        />,
      )}
      {field(
        "Date",
        <DateRangeFilter
          from={filter.from}
          to={filter.to}
          onChange={(from, to) => onChange({ [CALL_FILTER_PARAMS.from]: from, [CALL_FILTER_PARAMS.to]: to })}
          className={bar ? undefined : "w-full justify-start"}
        />,
      )}
      {field(
        "Duration",
        <DurationFilter
          min={filter.minSeconds}
          max={filter.maxSeconds}
          onChange={(min, max) =>
            onChange({
              [CALL_FILTER_PARAMS.minSeconds]: min?.toString(),
              [CALL_FILTER_PARAMS.maxSeconds]: max?.toString(),
            })
          }
          className={bar ? undefined : "w-full justify-start"}
        />,
      )}
    </>
  );
}

function FacetButton({
  icon,
  label,
  chosen,
  className,
  ...props
}: React.ComponentProps<typeof Button> & { icon: React.ReactNode; label: string; chosen: string | null }) {
  return (
    <Button variant="outline" size="sm" className={cn("border-dashed", className)} {...props}>
      {icon}
      {label}
      {chosen ? (
        <Badge variant="secondary" className="rounded-sm px-1 font-normal">
          {chosen}
        </Badge>
      ) : null}
      <ChevronDown className="ml-auto opacity-50" />
    </Button>
  );
}

/** The viewer's days, both ends included; presets count back from the viewer's today. */
function DateRangeFilter({
  from,
  to,
  onChange,
  className,
}: {
  from: string | undefined;
  to: string | undefined;
  onChange: (from: string | undefined, to: string | undefined) => void;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [start, setStart] = useState(from ?? "");
  const [end, setEnd] = useState(to ?? "");
  const pick = (f: string | undefined, t: string | undefined) => {
    onChange(f, t);
    setOpen(false);
  };
  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setStart(from ?? "");
          setEnd(to ?? "");
        }
      }}
    >
      <PopoverTrigger asChild>
        <FacetButton
          icon={<CalendarDays />}
          label="Date"
          chosen={dateRangeLabel(from, to)}
          className={className}
          aria-label="Date range"
        />
      </PopoverTrigger>
      <PopoverContent align="start" className="w-72">
        <div className="grid gap-3">
          <div className="flex flex-wrap gap-1">
            {[
              { label: "Today", days: 1 },
              { label: "7 days", days: 7 },
              { label: "30 days", days: 30 },
              { label: "90 days", days: 90 },
            ].map((p) => (
              <Button
                key={p.days}
                type="button"
                variant="secondary"
                size="sm"
                className="h-7 px-2 text-xs"
                onClick={() => {
                  const range = lastDays(p.days, new Date());
                  pick(range.from, range.to);
                }}
              >
                {p.label}
              </Button>
            ))}
          </div>
          <form
            className="grid gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              pick(start || undefined, end || undefined);
            }}
          >
            <div className="grid grid-cols-2 gap-2">
              <div className="grid gap-1.5">
                <Label htmlFor="calls-from">From</Label>
                <Input
                  id="calls-from"
                  type="date"
                  value={start}
                  max={end || undefined}
                  onChange={(e) => setStart(e.target.value)}
                />
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="calls-to">To</Label>
                <Input
                  id="calls-to"
                  type="date"
                  value={end}
                  min={start || undefined}
                  onChange={(e) => setEnd(e.target.value)}
                />
              </div>
            </div>
            <p className="text-muted-foreground text-xs">Days in your time zone, both included.</p>
            <div className="flex justify-end gap-2">
              <Button type="button" variant="ghost" size="sm" onClick={() => pick(undefined, undefined)}>
                Any date
              </Button>
              <Button type="submit" size="sm">
                Apply
              </Button>
            </div>
          </form>
        </div>
      </PopoverContent>
    </Popover>
  );
}

/** Talk time in seconds: presets, or a minimum and a maximum of one's own. */
function DurationFilter({
  min,
  max,
  onChange,
  className,
}: {
  min: number | undefined;
  max: number | undefined;
  onChange: (min: number | undefined, max: number | undefined) => void;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [low, setLow] = useState(min?.toString() ?? "");
  const [high, setHigh] = useState(max?.toString() ?? "");
  const seconds = (v: string) =>
    /^\d{1,5}$/.test(v.trim()) ? Math.min(Number(v.trim()), 86_400) : undefined;
  const pick = (a: number | undefined, b: number | undefined) => {
    onChange(a, b);
    setOpen(false);
  };
  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setLow(min?.toString() ?? "");
          setHigh(max?.toString() ?? "");
        }
      }}
    >
      <PopoverTrigger asChild>
        <FacetButton
          icon={<Timer />}
          label="Duration"
          chosen={durationLabel(min, max)}
          className={className}
          aria-label="Duration"
        />
      </PopoverTrigger>
      <PopoverContent align="start" className="w-72">
        <div className="grid gap-3">
          <div className="grid gap-1">
            {DURATION_PRESETS.map((p) => (
              <Button
                key={p.label}
                type="button"
                variant={p.min === min && p.max === max ? "secondary" : "ghost"}
                size="sm"
                className="justify-start"
                onClick={() => pick(p.min, p.max)}
              >
                {p.label}
              </Button>
            ))}
          </div>
          <form
            className="grid gap-3 border-t pt-3"
            onSubmit={(e) => {
              e.preventDefault();
              pick(seconds(low), seconds(high));
            }}
          >
            <div className="grid grid-cols-2 gap-2">
              <div className="grid gap-1.5">
                <Label htmlFor="calls-dmin">At least (s)</Label>
                <Input
                  id="calls-dmin"
                  inputMode="numeric"
                  value={low}
                  onChange={(e) => setLow(e.target.value)}
                />
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="calls-dmax">At most (s)</Label>
                <Input
                  id="calls-dmax"
                  inputMode="numeric"
                  value={high}
                  onChange={(e) => setHigh(e.target.value)}
                />
              </div>
            </div>
            <div className="flex justify-end gap-2">
              <Button type="button" variant="ghost" size="sm" onClick={() => pick(undefined, undefined)}>
                Any length
              </Button>
              <Button type="submit" size="sm">
                Apply
              </Button>
            </div>
          </form>
        </div>
      </PopoverContent>
    </Popover>
  );
}
