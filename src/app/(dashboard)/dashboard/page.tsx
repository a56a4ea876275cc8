import { CalendarCheck, CheckCircle2, Circle, Megaphone, PhoneCall, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listMembers } from "@/lib/db/queries/memberships";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";

export const metadata: Metadata = { title: "Dashboard" };

const STATS = [
  { label: "Leads", icon: Users, hint: "imported" },
  { label: "Active campaigns", icon: Megaphone, hint: "calling now" },
  { label: "Calls today", icon: PhoneCall, hint: "placed" },
  { label: "Meetings booked", icon: CalendarCheck, hint: "this week" },
];

export default async function DashboardPage() {
  const { user, org } = await requireOrgContext();
  const members = await withUser(user, (tx) => listMembers(tx, { orgId: org.orgId }));
  const steps = [
    { done: true, label: "Create your organization", href: "/settings" },
    { done: members.length > 1, label: "Invite your team", href: "/settings" },
    { done: false, label: "Import leads from a CSV", href: "/leads" },
    { done: false, label: "Launch your first campaign", href: "/campaigns" },
  ];
  return (
    <>
      <PageHeader title={`Welcome to ${org.orgName}`} description="Your calling activity at a glance." />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {STATS.map(({ label, icon: Icon, hint }) => (
          <Card key={label} className="gap-2 py-4">
            <CardHeader className="flex flex-row items-center justify-between px-4">
              <CardDescription>{label}</CardDescription>
              <Icon className="text-muted-foreground size-4" />
            </CardHeader>
            <CardContent className="px-4">
              <div className="text-2xl font-semibold tabular-nums">0</div>
              <p className="text-muted-foreground text-xs">{hint}</p>
            </CardContent>
          </Card>
        ))}
      </div>
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Get started</CardTitle>
          <CardDescription>Four steps from an empty account to booked meetings.</CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="grid gap-1">
            {steps.map((s) => (
              <li key={s.label}>
                <Link
                  href={s.href}
                  className="hover:bg-muted focus-visible:ring-ring/50 flex items-center gap-3 rounded-md px-2 py-2 text-sm outline-none focus-visible:ring-[3px]"
                >
                  {s.done ? (
                    <CheckCircle2 className="text-success size-4" />
                  ) : (
                    <Circle className="text-muted-foreground size-4" />
                  )}
                  <span className={s.done ? "text-muted-foreground line-through" : ""}>{s.label}</span>
                </Link>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
    </>
  );
}
