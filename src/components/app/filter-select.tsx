"use client";

import {
  Select,
  SelectContent,
  SelectItem,
  SelectSeparator,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { cn } from "@/lib/utils";
import { useUrlFilters } from "./use-url-filters";

export type FilterOption = { value: string; label: string };

// Radix refuses an empty item value; this one stands for "no filter" and never reaches a URL.
const ALL = "__all";

function optionList(options: readonly FilterOption[] | Readonly<Record<string, string>>): FilterOption[] {
  return Array.isArray(options)
    ? [...options]
    : Object.entries(options).map(([value, label]) => ({ value, label }));
}

export type FilterSelectProps = {
  /** The chosen value, or undefined for all. */
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  /** The values to offer: a list, or a value-to-label record. */
  options: readonly FilterOption[] | Readonly<Record<string, string>>;
  /** What "no filter" reads as: "All campaigns", "Any time zone". */
  allLabel: string;
  /** The accessible name of the trigger. */
  label: string;
  size?: "sm" | "default";
  className?: string;
  contentClassName?: string;
};

/**
 * One filter above a list: "All …" or one value. The trigger is given its text up front because
 * Radix renders the chosen item's text only after hydration, and a value the list no longer has
 * (a deleted campaign in an old link) reads as the "All …" label rather than as blank.
 */
export function FilterSelect({
  value,
  onChange,
  options,
  allLabel,
  label,
  size,
  className,
  contentClassName,
}: FilterSelectProps) {
  const items = optionList(options);
  const chosen = items.find((o) => o.value === value)?.label ?? allLabel;
  return (
    <Select value={value ?? ALL} onValueChange={(v) => onChange(v === ALL ? undefined : v)}>
      <SelectTrigger size={size} className={className} aria-label={label}>
        {/* A long name ends in an ellipsis rather than being cut off under the chevron. */}
        <SelectValue className="min-w-0">
          <span className="truncate">{chosen}</span>
        </SelectValue>
      </SelectTrigger>
      <SelectContent className={contentClassName}>
        <SelectItem value={ALL}>{allLabel}</SelectItem>
        {items.length > 0 ? <SelectSeparator /> : null}
        {items.map((o) => (
          <SelectItem key={o.value} value={o.value}>
            {o.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

/**
 * A `FilterSelect` that reads and writes the URL search parameter `param` (and goes back to page
 * one). On a phone the filters share the row's width; from `sm` up each keeps the width given.
 */
export function UrlFilterSelect({
  param,
  className,
  ...props
}: Omit<FilterSelectProps, "value" | "onChange"> & { param: string }) {
  const { params, setParams } = useUrlFilters();
  return (
    <FilterSelect
      {...props}
      className={cn("min-w-36 flex-1 sm:flex-none", className)}
      value={params.get(param) ?? undefined}
      onChange={(value) => setParams({ [param]: value })}
    />
  );
}
