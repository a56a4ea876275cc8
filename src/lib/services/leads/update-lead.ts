import type { Tx } from "@/lib/db/client";
import { getLead, type LeadChanges, updateLeadFields } from "@/lib/db/queries/leads";
import { AppError } from "@/lib/errors";
import type { UpdateLeadInput } from "@/lib/schemas/lead";
import type { Actor } from "../organizations/roles";

/** The form's yyyy-mm-dd as a timestamp; noon UTC is the same calendar day in nearly every zone. */
function consentTimestamp(day: string, current: Date | null): Date {
  if (current && current.toISOString().slice(0, 10) === day) return current;
  return new Date(`${day}T12:00:00Z`);
}

/**
 * Saves the lead page's form. Choosing a time zone by hand stores it with source `column` (an
 * explicitly given zone, as from a file's column) and drops the inferred candidates; consent
 * "unknown" clears its source and date.
 */
export async function updateLead({ tx, actor, input }: { tx: Tx; actor: Actor; input: UpdateLeadInput }) {
  const current = await getLead(tx, { orgId: actor.orgId, leadId: input.leadId });
  if (!current) throw new AppError("not_found", "That lead does not exist or was deleted.");
  const v = input.values;
  const zoneChanged = v.timezone !== current.timezone;
  const consent = v.consent === "given" ? true : v.consent === "refused" ? false : null;
  const changes: LeadChanges = {
    firstName: v.firstName || null,
    lastName: v.lastName || null,
    company: v.company || null,
    email: v.email || null,
    timezone: v.timezone,
    timezoneSource: zoneChanged ? "column" : current.timezoneSource,
    timezoneCandidates: zoneChanged ? null : current.timezoneCandidates,
    consent,
    consentSource: consent === null ? null : v.consentSource,
    consentAt:
      consent === null || v.consentDate === "" ? null : consentTimestamp(v.consentDate, current.consentAt),
    customFields: Object.fromEntries(v.customFields.map((f) => [f.key, f.value])),
  };
  const lead = await updateLeadFields(tx, { orgId: actor.orgId, leadId: current.id, changes });
  if (!lead) throw new AppError("not_found", "That lead does not exist or was deleted.");
  return lead;
}
