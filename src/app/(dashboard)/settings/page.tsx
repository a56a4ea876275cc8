import { getCountries } from "libphonenumber-js/min";
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listApiKeys } from "@/lib/db/queries/api-keys";
import { listPendingInvitations } from "@/lib/db/queries/invitations";
import { listMembers } from "@/lib/db/queries/memberships";
import { getOrganization } from "@/lib/db/queries/organizations";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { hasRole } from "@/lib/services/organizations/roles";
import { ApiKeysCard } from "./_components/api-keys-card";
import { InviteMemberDialog } from "./_components/invite-member-dialog";
import { MembersTable } from "./_components/members-table";
import { OrganizationForm } from "./_components/organization-form";
import { PendingInvitations } from "./_components/pending-invitations";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { user, org } = await requireOrgContext();
  const canAdminister = hasRole(org.role, "admin");
  const { organization, members, invitations, apiKeys } = await withUser(user, async (tx) => ({
    organization: await getOrganization(tx, { orgId: org.orgId }),
    members: await listMembers(tx, { orgId: org.orgId }),
    invitations: canAdminister ? await listPendingInvitations(tx, { orgId: org.orgId }) : [],
    apiKeys: canAdminister ? await listApiKeys(tx, { orgId: org.orgId }) : [],
  }));
  if (!organization) throw new Error("organization not visible to its member");
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  const countries = getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const timeZones = Intl.supportedValuesOf("timeZone");
  return (
    <>
      <PageHeader title="Settings" description="Your organization, its defaults and its members." />
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Organization</CardTitle>
            <CardDescription>
              The default country reads phone numbers written without a country code; the default time zone is
              used for a lead whose own zone can't be found.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <OrganizationForm
              disabled={!canAdminister}
              countries={countries}
              timeZones={timeZones}
              defaults={{
                name: organization.name,
                defaultCountry: organization.defaultCountry,
                defaultTimezone: organization.defaultTimezone,
              }}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader className="flex flex-row items-start justify-between gap-4">
            <div className="grid gap-1.5">
              <CardTitle>Members</CardTitle>
              <CardDescription>
                Owners and admins manage members and settings; members run campaigns and work leads.
              </CardDescription>
            </div>
            {canAdminister ? <InviteMemberDialog canInviteOwner={org.role === "owner"} /> : null}
          </CardHeader>
          <CardContent className="grid gap-6">
            <MembersTable
              members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))}
              currentUserId={user.sub}
              actorRole={org.role}
            />
            {canAdminister && invitations.length > 0 ? (
              <PendingInvitations
                invitations={invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString() }))}
              />
            ) : null}
          </CardContent>
        </Card>
        {canAdminister ? (
          <ApiKeysCard
            keys={apiKeys.map((k) => ({
              ...k,
              createdAt: k.createdAt.toISOString(),
              lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
              revokedAt: k.revokedAt?.toISOString() ?? null,
            }))}
          />
        ) : null}
      </div>
    </>
  );
}
