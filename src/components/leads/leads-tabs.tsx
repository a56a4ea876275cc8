"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const TABS = [
  { href: "/leads", label: "All leads" },
  { href: "/leads/import", label: "Import" },
  { href: "/leads/do-not-call", label: "Do-not-call list" },
];

const TRASH = { href: "/leads/trash", label: "Trash" };

/** The sub-navigation shared by the lead pages; the trash is for owners and admins. */
export function LeadsTabs({ showTrash = false }: { showTrash?: boolean }) {
  const pathname = usePathname();
  const tabs = showTrash ? [...TABS, TRASH] : TABS;
  return (
    // Scrolls on its own on a narrow screen, never the page.
    <nav aria-label="Leads" className="mb-6 flex gap-1 overflow-x-auto border-b">
      {tabs.map((t) => {
        const active = t.href === "/leads" ? pathname === "/leads" : pathname.startsWith(t.href);
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "text-muted-foreground hover:text-foreground focus-visible:ring-ring/50 -mb-px shrink-0 border-b-2 border-transparent px-3 py-2 text-sm whitespace-nowrap outline-none focus-visible:ring-[3px] focus-visible:ring-inset",
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
