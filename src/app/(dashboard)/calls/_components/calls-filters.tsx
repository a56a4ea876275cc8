"use client";

import { CalendarDays, ChevronDown, SlidersHorizontal, Timer, X } from "lucide-react";
import { Fragment, useCallback, useMemo, useState } from "react";
import { FilterSelect, type FilterSelectProps } from "@/components/app/filter-select";
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
import {
  DURATION_PRESETS,
  dateRangeLabel,
  durationLabel,
  lastDays,
  REVIEW_FILTER_LABELS,
} from "./call-filter-labels";

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
        // A row of its own on a phone, so the placeholder reads whole; beside the filters above.
        className="basis-full sm:w-72 sm:basis-auto"
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
  if (facets.review) n++;
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
  const selects: {
    key: "campaignId" | "result" | "outcome" | "provider" | "review";
    label: string;
    allLabel: string;
    options: FilterSelectProps["options"];
    width: string;
  }[] = [
    {
      key: "campaignId",
      label: "Campaign",
      allLabel: "All campaigns",
      options: campaigns.map((c) => ({ value: c.id, label: c.name })),
      width: "w-44",
    },
    { key: "result", label: "Result", allLabel: "All results", options: CALL_RESULT_LABELS, width: "w-36" },
    {
      key: "outcome",
      label: "Outcome",
      allLabel: "All outcomes",
      options: CALL_OUTCOME_LABELS,
      width: "w-36",
    },
    {
      key: "provider",
      label: "Provider",
      allLabel: "All providers",
      options: PROVIDER_LABELS,
      width: "w-36",
    },
    { key: "review", label: "Review", allLabel: "Any review", options: REVIEW_FILTER_LABELS, width: "w-36" },
  ];
  return (
    <>
      {selects.map((f) => (
        <Fragment key={f.key}>
          {field(
            f.label,
            <FilterSelect
              value={filter[f.key]}
              onChange={(v) => onChange({ [CALL_FILTER_PARAMS[f.key]]: v })}
              options={f.options}
              allLabel={f.allLabel}
              label={f.label}
              size="sm"
              className={width(f.width)}
            />,
          )}
        </Fragment>
      ))}
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

/**
 * A filter over a range, in a popover: a dashed button showing the current range, presets that
 * apply at once, and a lower and an upper bound of one's own (either may stay empty).
 */
function RangeFilter({
  icon,
  label,
  chosen,
  low,
  high,
  bounds,
  presets,
  note,
  clearLabel,
  onApply,
  className,
}: {
  icon: React.ReactNode;
  label: string;
  /** The current range as the button shows it, or null for none. */
  chosen: string | null;
  low: string;
  high: string;
  bounds: { id: string; label: string; type?: "date"; inputMode?: "numeric" }[];
  /** Rendered above the bounds; `pick` applies a range and closes the popover. */
  presets: (pick: (low: string, high: string) => void) => React.ReactNode;
  note?: string;
  clearLabel: string;
  onApply: (low: string, high: string) => void;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState([low, high]);
  const pick = (a: string, b: string) => {
    onApply(a, b);
    setOpen(false);
  };
  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setValues([low, high]);
      }}
    >
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm" className={cn("border-dashed", className)} aria-label={label}>
          {icon}
          {label}
          {chosen ? (
            <Badge variant="secondary" className="rounded-sm px-1 font-normal">
              {chosen}
            </Badge>
          ) : null}
          <ChevronDown className="ml-auto opacity-50" />
        </Button>
      </PopoverTrigger>
      <PopoverContent align="start" className="w-72">
        <div className="grid gap-3">
          {presets(pick)}
          <form
            className="grid gap-3 border-t pt-3"
            onSubmit={(e) => {
              e.preventDefault();
              pick(values[0] ?? "", values[1] ?? "");
            }}
          >
            <div className="grid grid-cols-2 gap-2">
              {bounds.map((b, i) => (
                <div key={b.id} className="grid gap-1.5">
                  <Label htmlFor={b.id}>{b.label}</Label>
                  <Input
                    id={b.id}
                    type={b.type}
                    inputMode={b.inputMode}
                    value={values[i] ?? ""}
                    onChange={(e) => setValues((v) => v.map((x, j) => (j === i ? e.target.value : x)))}
                  />
                </div>
              ))}
            </div>
            {note ? <p className="text-muted-foreground text-xs">{note}</p> : null}
            <div className="flex justify-end gap-2">
              <Button type="button" variant="ghost" size="sm" onClick={() => pick("", "")}>
                {clearLabel}
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
  return (
    <RangeFilter
      icon={<CalendarDays />}
      label="Date"
      chosen={dateRangeLabel(from, to)}
      low={from ?? ""}
      high={to ?? ""}
      bounds={[
        { id: "calls-from", label: "From", type: "date" },
        { id: "calls-to", label: "To", type: "date" },
      ]}
      note="Days in your time zone, both included."
      clearLabel="Any date"
      onApply={(a, b) => onChange(a || undefined, b || undefined)}
      className={className}
      presets={(pick) => (
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
      )}
    />
  );
}

const seconds = (v: string) => (/^\d{1,5}$/.test(v.trim()) ? Math.min(Number(v.trim()), 86_400) : undefined);

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
  return (
    <RangeFilter
      icon={<Timer />}
      label="Duration"
      chosen={durationLabel(min, max)}
      low={min?.toString() ?? ""}
      high={max?.toString() ?? ""}
      bounds={[
        { id: "calls-dmin", label: "At least (s)", inputMode: "numeric" },
        { id: "calls-dmax", label: "At most (s)", inputMode: "numeric" },
      ]}
      clearLabel="Any length"
      onApply={(a, b) => onChange(seconds(a), seconds(b))}
      className={className}
      presets={(pick) => (
        <div className="grid gap-1">
          {DURATION_PRESETS.map((p) => (
            <Button
              key={p.label}
              type="button"
              variant={p.min === min && p.max === max ? "secondary" : "ghost"}
              size="sm"
              className="justify-start"
              onClick={() => pick(p.min?.toString() ?? "", p.max?.toString() ?? "")}
            >
              {p.label}
            </Button>
          ))}
        </div>
      )}
    />
  );
}
