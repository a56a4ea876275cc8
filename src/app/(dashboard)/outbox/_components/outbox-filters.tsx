"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { SearchBox } from "@/components/app/search-box";
import { EMAIL_KIND_LABELS, EMAIL_STATUS_LABELS } from "@/components/outbox/email-labels";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { EmailKind, EmailStatus } from "@/lib/db/schema";

const ALL = "all";

/** Status, kind and a search of address and subject, all in the URL so a view can be shared. */
export function OutboxFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const set = useCallback(
    (key: string, value: string) => {
      const next = new URLSearchParams(params);
      if (value === ALL || value === "") next.delete(key);
      else next.set(key, value);
      next.delete("page");
      const q = next.toString();
      router.push(q ? `${pathname}?${q}` : pathname);
    },
    [params, pathname, router],
  );
  const search = useCallback((q: string) => set("q", q), [set]);
  const status = params.get("status") as EmailStatus | null;
  const kind = params.get("kind") as EmailKind | null;
  // Radix renders the chosen item's text only after hydration; give the trigger its label up front.
  const statusLabel = (status && EMAIL_STATUS_LABELS[status]) || "All statuses";
  const kindLabel = (kind && EMAIL_KIND_LABELS[kind]) || "All kinds";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchBox
        value={params.get("q") ?? undefined}
        onSearch={search}
        placeholder="Search address or subject…"
        label="Search emails"
      />
      <Select value={status ?? ALL} onValueChange={(v) => set("status", v)}>
        <SelectTrigger className="w-48" aria-label="Status">
          <SelectValue>{statusLabel}</SelectValue>
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>All statuses</SelectItem>
          {Object.entries(EMAIL_STATUS_LABELS).map(([value, label]) => (
            <SelectItem key={value} value={value}>
              {label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <Select value={kind ?? ALL} onValueChange={(v) => set("kind", v)}>
        <SelectTrigger className="w-40" aria-label="Kind">
          <SelectValue>{kindLabel}</SelectValue>
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>All kinds</SelectItem>
          {Object.entries(EMAIL_KIND_LABELS).map(([value, label]) => (
            <SelectItem key={value} value={value}>
              {label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
