"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { SearchBox } from "@/components/app/search-box";
import {
  APPOINTMENT_SOURCE_LABELS,
  APPOINTMENT_STATUS_LABELS,
} from "@/components/appointments/appointment-labels";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { cn } from "@/lib/utils";

const ALL = "all";

/** Upcoming / Past tabs, a search box and the status, campaign and calendar filters, all in the URL. */
export function AppointmentsFilters({
  campaigns,
  counts,
}: {
  campaigns: { id: string; name: string }[];
  counts: { upcoming: number | null };
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const hrefWith = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(params);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === ALL || value === "") next.delete(key);
        else next.set(key, value);
      }
      next.delete("page");
      const q = next.toString();
      return q ? `${pathname}?${q}` : pathname;
    },
    [params, pathname],
  );
  const set = (key: string, value: string) => router.push(hrefWith({ [key]: value }));

  const search = useCallback((q: string) => router.replace(hrefWith({ q: q || null })), [router, hrefWith]);

  const tab = params.get("tab") === "past" ? "past" : "upcoming";
  const campaign = params.get("campaign");
  const status = params.get("status") as keyof typeof APPOINTMENT_STATUS_LABELS | null;
  const source = params.get("source") as keyof typeof APPOINTMENT_SOURCE_LABELS | null;
  // Radix renders the chosen item's text only after hydration; give the trigger its label up front.
  const campaignLabel = campaigns.find((c) => c.id === campaign)?.name ?? "All campaigns";
  const statusLabel = (status && APPOINTMENT_STATUS_LABELS[status]) || "All statuses";
  const sourceLabel = (source && APPOINTMENT_SOURCE_LABELS[source]) || "All calendars";
  return (
    <div className="grid gap-3">
      <nav aria-label="Appointments" className="flex gap-1 border-b">
        {(["upcoming", "past"] as const).map((t) => (
          <Link
            key={t}
            href={hrefWith({ tab: t === "upcoming" ? null : t })}
            aria-current={tab === t ? "page" : undefined}
            className={cn(
              "text-muted-foreground hover:text-foreground focus-visible:ring-ring/50 -mb-px border-b-2 border-transparent px-3 py-2 text-sm outline-none focus-visible:ring-[3px]",
              tab === t && "border-primary text-foreground font-medium",
            )}
          >
            {t === "upcoming" ? "Upcoming" : "Past"}
            {t === "upcoming" && counts.upcoming ? (
              <span className="bg-muted text-muted-foreground ml-2 rounded-full px-1.5 py-0.5 text-xs tabular-nums">
                {counts.upcoming.toLocaleString()}
              </span>
            ) : null}
          </Link>
        ))}
      </nav>
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox
          value={params.get("q") ?? undefined}
          onSearch={search}
          placeholder="Name, email, phone or company"
          label="Search appointments"
          className="sm:w-80"
        />
        <Select value={status ?? ALL} onValueChange={(v) => set("status", v)}>
          <SelectTrigger className="w-40" aria-label="Status">
            <SelectValue>{statusLabel}</SelectValue>
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All statuses</SelectItem>
            {Object.entries(APPOINTMENT_STATUS_LABELS).map(([value, label]) => (
              <SelectItem key={value} value={value}>
                {label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select value={campaign ?? ALL} onValueChange={(v) => set("campaign", v)}>
          <SelectTrigger className="w-52" aria-label="Campaign">
            <SelectValue>{campaignLabel}</SelectValue>
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All campaigns</SelectItem>
            {campaigns.map((c) => (
              <SelectItem key={c.id} value={c.id}>
                {c.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select value={source ?? ALL} onValueChange={(v) => set("source", v)}>
          <SelectTrigger className="w-44" aria-label="Calendar">
            <SelectValue>{sourceLabel}</SelectValue>
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All calendars</SelectItem>
            {Object.entries(APPOINTMENT_SOURCE_LABELS).map(([value, label]) => (
              <SelectItem key={value} value={value}>
                {label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
    </div>
  );
}
