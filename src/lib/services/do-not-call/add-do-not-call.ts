import type { Tx } from "@/lib/db/client";
import { insertAuditEntry } from "@/lib/db/queries/audit-log";
import {
  type DoNotCallSourceValue,
  findDoNotCallByPhones,
  insertDoNotCallEntries,
} from "@/lib/db/queries/do-not-call";
import { AppError } from "@/lib/errors";
import { normalizePhone } from "@/lib/leads/normalize/phone";
import type { AddDoNotCallInput } from "@/lib/schemas/do-not-call";
import type { Actor } from "../organizations/roles";
import { orgDefaultCountry, phoneProblemMessage } from "./org-country";

export type AddDoNotCallResult =
  | { status: "added"; phone: string; leadsMarked: number; campaignsMarked: number }
  | {
      status: "already_listed";
      phone: string;
      leadsMarked: 0;
      campaignsMarked: 0;
      listedAt: Date | null;
      listedBy: string | null;
    };

/**
 * Puts one number on the organization's list and marks its leads in every campaign. Any member
 * may do it: an opt-out must never wait for an admin. Adding a listed number changes nothing.
 */
export async function addDoNotCall({
  tx,
  actor,
  input,
  source = "manual",
}: {
  tx: Tx;
  actor: Actor;
  input: AddDoNotCallInput;
  source?: DoNotCallSourceValue;
}): Promise<AddDoNotCallResult> {
  const country = await orgDefaultCountry(tx, actor.orgId);
  const parsed = normalizePhone(input.phone, country);
  if (!parsed.ok) {
    const message = phoneProblemMessage(parsed.reason, country);
    throw new AppError("validation", message, { fields: { phone: message } });
  }
  const phone = parsed.e164;
  const result = await insertDoNotCallEntries(tx, {
    orgId: actor.orgId,
    entries: [{ phone, reason: input.reason || null }],
    source,
    addedBy: actor.userId,
  });
  if (result.added.includes(phone)) {
    const [entry] = await findDoNotCallByPhones(tx, { orgId: actor.orgId, phones: [phone] });
    // Ids and counts only: the number itself stays out of the log (docs/security.md).
    await insertAuditEntry(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: "do_not_call.add",
      targetType: "do_not_call",
      targetId: entry?.id ?? null,
      count: 1,
      data: { source, leadsMarked: result.leadsMarked },
    });
    return {
      status: "added",
      phone,
      leadsMarked: result.leadsMarked,
      campaignsMarked: result.campaignsMarked,
    };
  }
  const [existing] = await findDoNotCallByPhones(tx, { orgId: actor.orgId, phones: [phone] });
  return {
    status: "already_listed",
    phone,
    leadsMarked: 0,
    campaignsMarked: 0,
    listedAt: existing?.createdAt ?? null,
    listedBy: existing?.addedByEmail ?? null,
  };
}
