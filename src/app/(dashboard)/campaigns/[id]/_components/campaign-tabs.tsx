import Link from "next/link";
import { cn } from "@/lib/utils";

/** The campaign page's two views: the overview (progress, settings, recent calls) and its results. */
export function CampaignTabs({ campaignId, active }: { campaignId: string; active: "overview" | "results" }) {
  const tabs = [
    { id: "overview", label: "Overview", href: `/campaigns/${campaignId}` },
    { id: "results", label: "Results", href: `/campaigns/${campaignId}/results` },
  ] as const;
  return (
    <nav
      aria-label="Campaign views"
      className="bg-muted mb-4 inline-flex h-9 items-center rounded-lg p-[3px]"
    >
      {tabs.map((t) => (
        <Link
          key={t.id}
          href={t.href}
          aria-current={t.id === active ? "page" : undefined}
          className={cn(
            "focus-visible:ring-ring/50 inline-flex h-full items-center rounded-md px-3 text-sm font-medium outline-none focus-visible:ring-[3px]",
            t.id === active
              ? "bg-background text-foreground shadow-sm dark:bg-input/30"
              : "text-muted-foreground",
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
