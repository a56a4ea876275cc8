import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { env } from "@/env";
import type { UserClaims } from "@/lib/db/with-user";
import { withUser } from "@/lib/db/with-user";
import { type AuthPort, createAuth } from "@/lib/integrations/auth";
import type { CookieJar } from "@/lib/integrations/auth/types";
import { clientAddress } from "@/lib/net/client-address";
import { getOrgContext, type OrgContext } from "@/lib/services/organizations/get-org-context";

export const ACTIVE_ORG_COOKIE = "dialer_org";

/** Next's cookie store as the auth port's CookieJar. Setting fails silently in server components. */
export async function requestCookieJar(): Promise<CookieJar> {
  const store = await cookies();
  return {
    getAll: () => store.getAll().map(({ name, value }) => ({ name, value })),
    set: (name, value, options) => {
      try {
        store.set(name, value, options);
      } catch {
        // Server components may not set cookies; proxy.ts rotates sessions instead.
      }
    },
  };
}

export async function requestAuth(): Promise<AuthPort> {
  return createAuth(await requestCookieJar());
}

/** The verified user of this request, once per render. */
export const currentUser = cache(async (): Promise<UserClaims | null> => (await requestAuth()).getUser());

export type RequestContext = { user: UserClaims; org: OrgContext | null };

export const currentContext = cache(async (): Promise<RequestContext | null> => {
  const user = await currentUser();
  if (!user) return null;
  const preferredOrgId = (await cookies()).get(ACTIVE_ORG_COOKIE)?.value;
  const org = await withUser(user, (tx) => getOrgContext({ tx, userId: user.sub, preferredOrgId }));
  return { user, org };
});

/** For pages behind sign-in: the user and their active organization, or a redirect. */
export async function requireOrgContext(): Promise<{ user: UserClaims; org: OrgContext }> {
  const ctx = await currentContext();
  if (!ctx) redirect("/sign-in");
  if (!ctx.org) redirect("/onboarding");
  return { user: ctx.user, org: ctx.org };
}

/**
 * This request's client address, from a source the configuration trusts (see clientAddress):
 * Vercel's header on Vercel, else the socket's peer as stamped by scripts/peer-address.cjs, and
 * X-Forwarded-For only through TRUSTED_PROXIES. Undefined when none is available.
 */
export async function clientIp(): Promise<string | undefined> {
  const e = env();
  const h = await headers();
  // Only believe the peer header when the hook that overwrites it on every request is loaded.
  const hookHeader = (globalThis as { __dialerPeerAddressHeader?: string }).__dialerPeerAddressHeader;
  const peer = hookHeader ? (h.get(hookHeader) ?? undefined) : undefined;
  return clientAddress(h, { vercel: Boolean(e.VERCEL), trustedProxies: e.TRUSTED_PROXIES }, peer);
}

export async function userAgent(): Promise<string | undefined> {
  return (await headers()).get("user-agent") ?? undefined;
}
