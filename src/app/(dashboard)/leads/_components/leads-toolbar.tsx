"use client";

import { ChevronDown, X } from "lucide-react";
import { useState } from "react";
import { FilterSelect } from "@/components/app/filter-select";
import { SearchBox } from "@/components/app/search-box";
import { LEAD_STATUS_LABELS, zoneLabel } from "@/components/leads/lead-labels";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import {
  type ConsentFilter,
  isFiltered,
  LEAD_STATUSES,
  type LeadFilter,
  type LeadStatus,
} from "@/lib/schemas/lead";
import type { CampaignOption } from "./lead-row";

const CONSENT_LABELS: Record<ConsentFilter, string> = {
  yes: "Consent: yes",
  no: "Consent: no",
  unknown: "Consent: unknown",
};

function StatusFilter({ value, onChange }: { value: LeadStatus[]; onChange: (next: LeadStatus[]) => void }) {
  const toggle = (status: LeadStatus, on: boolean) =>
    onChange(on ? [...value, status] : value.filter((s) => s !== status));
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm" className="border-dashed">
          Status
          {value.length > 0 ? (
            <Badge variant="secondary" className="rounded-sm px-1 font-normal">
              {value.length === 1 ? LEAD_STATUS_LABELS[value[0] as LeadStatus] : `${value.length} selected`}
            </Badge>
          ) : null}
          <ChevronDown className="opacity-50" />
        </Button>
      </PopoverTrigger>
      <PopoverContent align="start" className="w-56 p-1">
        <fieldset className="grid">
          <legend className="sr-only">Statuses to show</legend>
          {LEAD_STATUSES.map((status) => {
            const id = `status-${status}`;
            return (
              <Label
                key={status}
                htmlFor={id}
                className="hover:bg-accent flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 font-normal"
              >
                <Checkbox
                  id={id}
                  checked={value.includes(status)}
                  onCheckedChange={(checked) => toggle(status, checked === true)}
                />
                {LEAD_STATUS_LABELS[status]}
              </Label>
            );
          })}
        </fieldset>
        {value.length > 0 ? (
          <Button variant="ghost" size="sm" className="mt-1 w-full" onClick={() => onChange([])}>
            Clear statuses
          </Button>
        ) : null}
      </PopoverContent>
    </Popover>
  );
}

function AttemptsFilter({
  min,
  max,
  onChange,
}: {
  min: number | undefined;
  max: number | undefined;
  onChange: (min: number | undefined, max: number | undefined) => void;
}) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(min?.toString() ?? "");
  const [to, setTo] = useState(max?.toString() ?? "");
  const parse = (v: string) => (/^\d+$/.test(v.trim()) ? Math.min(Number(v.trim()), 10_000) : undefined);
  const label =
    min !== undefined && max !== undefined
      ? min === max
        ? `${min}`
        : `${min}–${max}`
      : min !== undefined
        ? `≥ ${min}`
        : max !== undefined
          ? `≤ ${max}`
          : null;
  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setFrom(min?.toString() ?? "");
          setTo(max?.toString() ?? "");
        }
      }}
    >
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm" className="border-dashed">
          Attempts
          {label ? (
            <Badge variant="secondary" className="rounded-sm px-1 font-normal">
              {label}
            </Badge>
          ) : null}
          <ChevronDown className="opacity-50" />
        </Button>
      </PopoverTrigger>
      <PopoverContent align="start" className="w-60">
        <form
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            onChange(parse(from), parse(to));
            setOpen(false);
          }}
        >
          <div className="grid grid-cols-2 gap-2">
            <div className="grid gap-1.5">
              <Label htmlFor="attempts-min">At least</Label>
              <Input
                id="attempts-min"
                inputMode="numeric"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="attempts-max">At most</Label>
              <Input
                id="attempts-max"
                inputMode="numeric"
                value={to}
                onChange={(e) => setTo(e.target.value)}
              />
            </div>
          </div>
          <div className="flex justify-end gap-2">
            <Button
              type="button"
              variant="ghost"
              size="sm"
              onClick={() => {
                onChange(undefined, undefined);
                setOpen(false);
              }}
            >
              Reset
            </Button>
            <Button type="submit" size="sm">
              Apply
            </Button>
          </div>
        </form>
      </PopoverContent>
    </Popover>
  );
}

/** Search and filters above the lead table; every change becomes part of the URL. */
export function LeadsToolbar({
  filter,
  campaigns,
  timeZones,
  onChange,
  onClear,
}: {
  filter: LeadFilter;
  campaigns: CampaignOption[];
  timeZones: string[];
  onChange: (patch: Partial<LeadFilter>, options?: { replace?: boolean }) => void;
  onClear: () => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchBox
        value={filter.q}
        onSearch={(q) => onChange({ q: q || undefined }, { replace: true })}
        placeholder="Search name, phone, email…"
        label="Search leads"
        inputClassName="h-8"
      />
      <FilterSelect
        value={filter.campaignId}
        onChange={(campaignId) => onChange({ campaignId })}
        options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
        allLabel="All campaigns"
        label="Campaign"
        size="sm"
        className="w-40"
      />
      <StatusFilter value={filter.statuses ?? []} onChange={(statuses) => onChange({ statuses })} />
      <FilterSelect
        value={filter.timezone}
        onChange={(timezone) => onChange({ timezone })}
        options={timeZones.map((tz) => ({ value: tz, label: zoneLabel(tz) }))}
        allLabel="Any time zone"
        label="Time zone"
        size="sm"
        className="w-40"
        contentClassName="max-h-72"
      />
      <FilterSelect
        value={filter.consent}
        onChange={(consent) => onChange({ consent: consent as ConsentFilter | undefined })}
        options={CONSENT_LABELS}
        allLabel="Any consent"
        label="Consent"
        size="sm"
        className="w-36"
      />
      <AttemptsFilter
        min={filter.attemptsMin}
        max={filter.attemptsMax}
        onChange={(attemptsMin, attemptsMax) => onChange({ attemptsMin, attemptsMax })}
      />
      {isFiltered(filter) ? (
        <Button variant="ghost" size="sm" onClick={onClear}>
          <X /> Clear filters
        </Button>
      ) : null}
    </div>
  );
}
