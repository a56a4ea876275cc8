import { MobileNav } from "@/components/app/mobile-nav";
import { ModeBadge } from "@/components/app/mode-badge";
import { OrgSwitcher } from "@/components/app/org-switcher";
import { SidebarNav } from "@/components/app/sidebar-nav";
import { UserMenu } from "@/components/app/user-menu";
import { requireOrgContext } from "@/lib/next/request-auth";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const { user, org } = await requireOrgContext();
  return (
    <div className="flex min-h-svh">
      {/* The aside spans the page's whole height (its background and border with it); its
          content stays in view while a long page scrolls. */}
      <aside className="bg-sidebar text-sidebar-foreground hidden w-60 shrink-0 border-r md:block">
        <div className="sticky top-0 flex h-svh flex-col gap-4 p-3">
          <OrgSwitcher current={org} organizations={org.organizations} />
          <SidebarNav />
          <div className="mt-auto grid gap-2">
            <div className="px-1.5">
              <ModeBadge />
            </div>
            <UserMenu email={user.email} />
          </div>
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="bg-background sticky top-0 z-30 flex h-12 items-center gap-2 border-b px-3 md:hidden">
          <MobileNav email={user.email} current={org} organizations={org.organizations} />
          <span className="truncate text-sm font-semibold">{org.orgName}</span>
          <div className="ml-auto">
            <ModeBadge />
          </div>
        </header>
        <main className="mx-auto w-full min-w-0 max-w-6xl flex-1 px-4 py-6 md:px-8 md:py-8">{children}</main>
      </div>
    </div>
  );
}
