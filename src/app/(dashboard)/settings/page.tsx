import { getCountries } from "libphonenumber-js/min";
import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { appOrigin } from "@/env";
import { listApiKeys } from "@/lib/db/queries/api-keys";
import { listReviewTags } from "@/lib/db/queries/call-reviews";
import { listPendingInvitations } from "@/lib/db/queries/invitations";
import { listMembers } from "@/lib/db/queries/memberships";
import { getOrganization } from "@/lib/db/queries/organizations";
import { withUser } from "@/lib/db/with-user";
import { requireOrgContext } from "@/lib/next/request-auth";
import { canStoreKeys, listProviderConnections } from "@/lib/services/credentials/list-provider-connections";
import { displayPhone } from "@/lib/services/do-not-call/display-phone";
import { listEmailTemplates } from "@/lib/services/email/list-email-templates";
import { hasRole } from "@/lib/services/organizations/roles";
import { ApiKeysCard } from "./_components/api-keys-card";
import { BookingSettingsCard } from "./_components/booking-settings-card";
import { EmailTemplatesCard } from "./_components/email-templates-card";
import { IntegrationsCard } from "./_components/integrations-card";
import { InviteMemberDialog } from "./_components/invite-member-dialog";
import { MembersTable } from "./_components/members-table";
import { OrganizationForm } from "./_components/organization-form";
import { PendingInvitations } from "./_components/pending-invitations";
import { ReviewTagsCard } from "./_components/review-tags-card";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { user, org } = await requireOrgContext();
  const canAdminister = hasRole(org.role, "admin");
  const { organization, members, invitations, apiKeys, connections } = await withUser(user, async (tx) => ({
    organization: await getOrganization(tx, { orgId: org.orgId }),
    members: await listMembers(tx, { orgId: org.orgId }),
    invitations: canAdminister ? await listPendingInvitations(tx, { orgId: org.orgId }) : [],
    apiKeys: canAdminister ? await listApiKeys(tx, { orgId: org.orgId }) : [],
    connections: await listProviderConnections({ tx, orgId: org.orgId }),
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
        <BookingSettingsCard
          disabled={!canAdminister}
          timeZone={organization.defaultTimezone}
          calcomConnected={connections.some((c) => c.provider === "calcom" && c.source !== "none")}
          initial={{
            businessHours: organization.businessHours,
            appointmentMinutes: organization.appointmentMinutes,
            callbackNumber: organization.callbackNumber ? displayPhone(organization.callbackNumber) : null,
          }}
        />
        <EmailTemplatesCard
          canAdminister={canAdminister}
          templates={(await withUser(user, (tx) => listEmailTemplates({ tx, orgId: org.orgId }))).map(
            ({ updatedAt: _updatedAt, ...t }) => t,
          )}
        />
        <ReviewTagsCard
          canAdminister={canAdminister}
          tags={await withUser(user, (tx) => listReviewTags(tx, { orgId: org.orgId }))}
        />
        <IntegrationsCard
          canAdminister={canAdminister}
          canStoreKeys={canStoreKeys()}
          appUrl={appOrigin({ fallback: "localhost" })}
          orgId={org.orgId}
          connections={connections.map((c) => ({ ...c, updatedAt: c.updatedAt?.toISOString() ?? null }))}
        />
        {canAdminister ? (
          <Card>
            <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-4">
              <div className="grid gap-1.5">
                <CardTitle>Audit log</CardTitle>
                <CardDescription>
                  Who deleted, restored, erased, moved or imported leads, and changed members and keys.
                </CardDescription>
              </div>
              <Button asChild size="sm" variant="outline">
                <Link href="/settings/audit">
                  <ScrollText /> Open the audit log
                </Link>
              </Button>
            </CardHeader>
          </Card>
        ) : null}
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
