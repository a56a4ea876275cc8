"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { CALL_RESULT_LABELS } from "@/components/campaigns/call-labels";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

const ALL = "all";

export function CallsFilters({ campaigns }: { campaigns: { id: string; name: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === ALL) next.delete(key);
    else next.set(key, value);
    next.delete("page");
    const q = next.toString();
    router.push(q ? `${pathname}?${q}` : pathname);
  };
  const campaign = params.get("campaign");
  const result = params.get("result") as keyof typeof CALL_RESULT_LABELS | null;
  // Radix renders the chosen item's text only after hydration; give the trigger its label up front.
  const campaignLabel = campaigns.find((c) => c.id === campaign)?.name ?? "All campaigns";
  const resultLabel = (result && CALL_RESULT_LABELS[result]) || "All results";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Select value={params.get("campaign") ?? ALL} onValueChange={(v) => set("campaign", v)}>
        <SelectTrigger className="w-56" aria-label="Campaign">
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
      <Select value={params.get("result") ?? ALL} onValueChange={(v) => set("result", v)}>
        <SelectTrigger className="w-40" aria-label="Result">
          <SelectValue>{resultLabel}</SelectValue>
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>All results</SelectItem>
          {Object.entries(CALL_RESULT_LABELS).map(([value, label]) => (
            <SelectItem key={value} value={value}>
              {label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
