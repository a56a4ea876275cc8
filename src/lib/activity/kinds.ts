import { z } from "zod";

/**
 * The activity feed's kinds: which audit actions each groups (`%` is SQL LIKE's wildcard). Every
 * audited action belongs to one kind (src/lib/activity/kinds.test.ts checks the known ones).
 */
export const ACTIVITY_KINDS = {
  campaigns: { label: "Campaigns", actions: ["campaigns.%"] },
  imports: { label: "Imports", actions: ["leads.import", "leads.api_upsert", "do_not_call.import"] },
  leads: {
    label: "Lead actions",
    actions: [
      "leads.trash",
      "leads.restore",
      "leads.erase",
      "leads.erase_person",
      "leads.purge",
      "leads.move",
      "leads.reset",
      "leads.call_now",
    ],
  },
  do_not_call: {
    label: "Do-not-call",
    actions: ["do_not_call.add", "do_not_call.remove", "leads.do_not_call"],
  },
  reviews: { label: "Call reviews", actions: ["calls.review"] },
  settings: {
    label: "Settings",
    actions: ["organizations.%", "email_templates.%", "review_tags.%"],
  },
  credentials: { label: "Keys", actions: ["provider_credentials.%", "api_keys.%"] },
  members: { label: "Members", actions: ["memberships.%", "invitations.%"] },
  agents: { label: "Agents", actions: ["agents.%"] },
} as const satisfies Record<string, { label: string; actions: readonly string[] }>;

export type ActivityKind = keyof typeof ACTIVITY_KINDS;
export const ACTIVITY_KIND_KEYS = Object.keys(ACTIVITY_KINDS) as [ActivityKind, ...ActivityKind[]];

/** The kind an audit action belongs to, or null for one no kind names. */
export function activityKindOf(action: string): ActivityKind | null {
  for (const kind of ACTIVITY_KIND_KEYS) {
    for (const pattern of ACTIVITY_KINDS[kind].actions) {
      if (pattern.endsWith("%") ? action.startsWith(pattern.slice(0, -1)) : action === pattern) return kind;
    }
  }
  return null;
}

export const ACTIVITY_PAGE_SIZE = 30;

/** The /activity page's search parameters; anything unreadable falls back to "all". */
export const activityQuerySchema = z.object({
  kind: z.enum(ACTIVITY_KIND_KEYS).optional().catch(undefined),
  person: z.uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type ActivityQuery = z.infer<typeof activityQuerySchema>;
