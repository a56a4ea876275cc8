import Retell from "retell-sdk";

/**
 * A key a Retell(-format) request may be signed with, and whose it is: an organization's own
 * Retell key (it may only speak for that organization's calls), the deployment's key, or the
 * simulator's in-process key.
 */
export type RetellSigningKey = {
  key: string;
  source: "organization" | "environment" | "simulator";
  orgId?: string;
};

/**
 * The first key `x-retell-signature` verifies with, or null. The signature is
 * `v=<ms>,d=<hex hmac>` over raw body + timestamp; `Retell.verify` itself refuses timestamps more
 * than 5 minutes from now. It returns a Promise in retell-sdk 5.x: it must be awaited, or every
 * forged request would pass (a Promise is truthy).
 */
export async function matchRetellSignature(
  rawBody: string,
  signature: string | null | undefined,
  keys: readonly RetellSigningKey[],
): Promise<RetellSigningKey | null> {
  if (!signature) return null;
  for (const candidate of keys) {
    if (!candidate.key) continue;
    try {
      if ((await Retell.verify(rawBody, candidate.key, signature)) === true) return candidate;
    } catch {
      // A malformed signature never verifies.
    }
  }
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The organization a not-yet-verified body claims (`call.metadata.org_id`), only to pick which
 * organization's key to try: nothing in it is trusted until the signature verifies.
 */
export function claimedRetellOrgId(rawBody: string): string | null {
  try {
    const body = JSON.parse(rawBody) as { call?: { metadata?: { org_id?: unknown } } };
    const orgId = body?.call?.metadata?.org_id;
    return typeof orgId === "string" && UUID.test(orgId) ? orgId : null;
  } catch {
    return null;
  }
}
