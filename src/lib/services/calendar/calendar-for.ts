import { env } from "@/env";
import type { Database } from "@/lib/db/client";
import { createBuiltinCalendar, createCalcomCalendar } from "@/lib/integrations/calendar";
import type { Calendar } from "@/lib/integrations/calendar/types";
import { logger } from "@/lib/logger";
import { loadProviderCredentials } from "../credentials/provider-credentials";

export type CalendarFor = (db: Database, orgId: string, now: Date) => Promise<Calendar>;

/** Always the built-in calendar: what simulated calls book into, so a demo never writes to a real calendar. */
export const builtinCalendarFor: CalendarFor = async (db, orgId, now) =>
  createBuiltinCalendar({ db, orgId, now });

// Why an organization uses the built-in calendar is logged once per process, not on every tool call.
const explained = new Set<string>();

function explainOnce(orgId: string, reason: string) {
  const key = `${orgId}:${reason}`;
  if (explained.has(key)) return;
  explained.add(key);
  logger.info(`calendar: built-in calendar (${reason})`, { orgId });
}

function eventTypeIdOf(config: Record<string, string | number>): number | null {
  const raw = config.eventTypeId;
  const id = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * The organization's calendar: Cal.com when it (or the environment) has a Cal.com key and an
 * event type to book, otherwise the built-in calendar from its business hours.
 */
export const calendarFor: CalendarFor = async (db, orgId, now) => {
  const credentials = await loadProviderCredentials(db, orgId, "calcom");
  if (!credentials) {
    explainOnce(orgId, "no Cal.com key");
    return createBuiltinCalendar({ db, orgId, now });
  }
  const eventTypeId = eventTypeIdOf(credentials.config);
  if (eventTypeId === null) {
    explainOnce(orgId, `the ${credentials.source} Cal.com key has no event type id`);
    return createBuiltinCalendar({ db, orgId, now });
  }
  const baseUrl = env().CALCOM_BASE_URL;
  return createCalcomCalendar({ apiKey: credentials.apiKey, eventTypeId, ...(baseUrl ? { baseUrl } : {}) });
};
