"use client";

import { CheckIcon, ChevronsUpDown, Search } from "lucide-react";
import { useId, useMemo, useRef, useState } from "react";
import { zoneLabel } from "@/components/leads/lead-labels";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { filterTimeZones, groupTimeZones } from "@/lib/time/time-zone-options";
import { cn } from "@/lib/utils";

/**
 * A searchable time-zone picker: common zones first, then every IANA zone; type to filter, arrows
 * and Enter to pick. Built on radix Popover with a listbox (cmdk is not a dependency).
 */
export function TimeZoneCombobox({
  id,
  value,
  onChange,
  timeZones,
  disabled,
  className,
}: {
  id?: string;
  value: string;
  onChange: (zone: string) => void;
  timeZones: readonly string[];
  disabled?: boolean;
  className?: string;
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const groups = useMemo(() => {
    const all = timeZones.includes(value) ? timeZones : [value, ...timeZones];
    const { common, other } = groupTimeZones(all);
    return [
      { label: "Common", zones: filterTimeZones(common, query) },
      { label: "All zones", zones: filterTimeZones(other, query) },
    ].filter((g) => g.zones.length > 0);
  }, [timeZones, value, query]);
  const flat = groups.flatMap((g) => g.zones);
  const pick = (zone: string | undefined) => {
    if (!zone) return;
    onChange(zone);
    setOpen(false);
    setQuery("");
  };
  const move = (to: number) => {
    const next = Math.max(0, Math.min(flat.length - 1, to));
    setActive(next);
    listRef.current?.querySelector(`[data-index="${next}"]`)?.scrollIntoView({ block: "nearest" });
  };
  return (
    <Popover
      // Modal: inside a dialog, the dialog's scroll lock would otherwise swallow the list's wheel.
      modal
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setQuery("");
        setActive(0);
      }}
    >
      <PopoverTrigger asChild>
        <Button
          id={id}
          type="button"
          variant="outline"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          disabled={disabled}
          className={cn("w-full justify-between font-normal", className)}
        >
          <span className="truncate">{zoneLabel(value)}</span>
          <ChevronsUpDown className="opacity-50" />
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-(--radix-popover-trigger-width) min-w-64 p-0" align="start">
        <div className="flex items-center gap-2 border-b px-3">
          <Search className="text-muted-foreground size-4 shrink-0" />
          <input
            // biome-ignore lint/a11y/noAutofocus: the popover opens to type a zone
            autoFocus
            role="combobox"
            aria-label="Search time zones"
            aria-controls={listId}
            aria-expanded
            aria-activedescendant={flat[active] ? `${listId}-${active}` : undefined}
            placeholder="Search a city or region…"
            className="placeholder:text-muted-foreground h-10 w-full bg-transparent text-sm outline-none"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown") move(active + 1);
              else if (e.key === "ArrowUp") move(active - 1);
              else if (e.key === "Enter") pick(flat[active]);
              else return;
              e.preventDefault();
            }}
          />
        </div>
        <div
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label="Time zones"
          className="max-h-72 overflow-y-auto p-1"
        >
          {flat.length === 0 ? (
            <p className="text-muted-foreground py-6 text-center text-sm">No zone matches.</p>
          ) : null}
          {groups.map((group) => (
            <div key={group.label} role="presentation">
              <p className="text-muted-foreground px-2 py-1.5 text-xs font-medium">{group.label}</p>
              {group.zones.map((zone) => {
                const index = flat.indexOf(zone);
                return (
                  <div
                    key={zone}
                    id={`${listId}-${index}`}
                    role="option"
                    tabIndex={-1}
                    aria-selected={zone === value}
                    data-index={index}
                    data-active={index === active || undefined}
                    className="data-[active]:bg-accent data-[active]:text-accent-foreground flex cursor-default items-center gap-2 rounded-sm px-2 py-1.5 text-sm"
                    onMouseMove={() => setActive(index)}
                    onClick={() => pick(zone)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") pick(zone);
                    }}
                  >
                    <CheckIcon className={cn("size-4", zone === value ? "opacity-100" : "opacity-0")} />
                    {zoneLabel(zone)}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </PopoverContent>
    </Popover>
  );
}
