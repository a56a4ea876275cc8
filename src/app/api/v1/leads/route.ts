import {
  acceptedInputs,
  listLeadsInput,
  listLeadsResponse,
  parseUpsertLeadsRequest,
  queryObject,
  readJsonBody,
  upsertLeadsResponse,
} from "@/lib/api/leads";
import { withApiKey } from "@/lib/api/with-api-key";
import { withService } from "@/lib/db/with-user";
import { listLeadsQuerySchema } from "@/lib/schemas/lead-api";
import { listLeadsForApi } from "@/lib/services/leads/list-leads-api";
import { upsertLeads } from "@/lib/services/leads/upsert-leads";

export const dynamic = "force-dynamic";
// Up to 1,000 leads per request, normalized and upserted in one transaction.
export const maxDuration = 60;

/**
 * The lead API for CRMs (docs/api.md). The API key names the organization; there is no user, so
 * the work runs as the service role with that `orgId` passed to every query.
 */

/** Lists the organization's leads: filters, search and (created_at, id) cursor pages. */
export const GET = withApiKey(async (request, { orgId }) => {
  const query = listLeadsQuerySchema.parse(queryObject(new URL(request.url)));
  const page = await withService((tx) => listLeadsForApi({ tx, orgId, input: listLeadsInput(query) }));
  return listLeadsResponse(page);
});

/** Creates or updates one lead or up to 1,000, by campaign and phone. */
export const POST = withApiKey(async (request, { orgId, keyId }) => {
  const parsed = parseUpsertLeadsRequest(await readJsonBody(request));
  const results = await withService((tx) =>
    upsertLeads({
      tx,
      orgId,
      input: { campaignId: parsed.campaignId, leads: acceptedInputs(parsed) },
      apiKeyId: keyId,
    }),
  );
  return upsertLeadsResponse(parsed, results);
});
