import { withUser } from "@/lib/db/with-user";
import { currentContext } from "@/lib/next/request-auth";
import { changeMarkerQuerySchema, getChangeMarker } from "@/lib/services/live/get-change-marker";

export const dynamic = "force-dynamic";
// One indexed statement; a poll that takes longer is better dropped and retried.
export const maxDuration = 10;

/**
 * The signed-in member's organization's change marker (`LiveRefresh` polls it while a page is
 * visible): `{ marker }`, one cheap statement under RLS. `?campaign=<id>` narrows it to a campaign.
 */
export async function GET(request: Request) {
  const ctx = await currentContext();
  if (!ctx) return Response.json({ error: "Sign in first." }, { status: 401 });
  if (!ctx.org) return Response.json({ error: "Create or join an organization first." }, { status: 403 });
  const campaign = new URL(request.url).searchParams.get("campaign");
  const query = changeMarkerQuerySchema.safeParse({ campaignId: campaign ?? undefined });
  if (!query.success)
    return Response.json({ error: query.error.issues[0]?.message ?? "Bad query." }, { status: 422 });
  const orgId = ctx.org.orgId;
  const marker = await withUser(ctx.user, (tx) =>
    getChangeMarker({ tx, orgId, query: query.data, now: new Date() }),
  );
  return Response.json({ marker }, { headers: { "cache-control": "no-store" } });
}
