"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const TABS = [
  { href: "/leads", label: "All leads" },
  { href: "/leads/import", label: "Import" },
  { href: "/leads/do-not-call", label: "Do-not-call list" },
];

/** The sub-navigation shared by the lead pages. */
export function LeadsTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Leads" className="mb-6 flex gap-1 border-b">
      {TABS.map((t) => {
        const active = t.href === "/leads" ? pathname === "/leads" : pathname.startsWith(t.href);
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "text-muted-foreground hover:text-foreground focus-visible:ring-ring/50 -mb-px border-b-2 border-transparent px-3 py-2 text-sm outline-none focus-visible:ring-[3px]",
              active && "border-primary text-foreground font-medium",
            )}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
