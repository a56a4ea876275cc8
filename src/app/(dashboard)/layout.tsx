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
      <aside className="bg-sidebar text-sidebar-foreground sticky top-0 hidden h-svh w-60 shrink-0 flex-col gap-4 border-r p-3 md:flex">
        <OrgSwitcher current={org} organizations={org.organizations} />
        <SidebarNav />
        <div className="mt-auto grid gap-2">
          <div className="px-1.5">
            <ModeBadge />
          </div>
          <UserMenu email={user.email} />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-12 items-center gap-2 border-b px-3 md:hidden">
          <MobileNav email={user.email} />
          <span className="truncate text-sm font-semibold">{org.orgName}</span>
          <div className="ml-auto">
            <ModeBadge />
          </div>
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 md:px-8 md:py-8">{children}</main>
      </div>
    </div>
  );
}
