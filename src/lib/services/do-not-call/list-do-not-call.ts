import type { Tx } from "@/lib/db/client";
import { countDoNotCall, hasDoNotCallEntries, listDoNotCall } from "@/lib/db/queries/do-not-call";
import { DNC_PAGE_SIZE, type ListDoNotCallInput } from "@/lib/schemas/do-not-call";
import { pageWithin } from "@/lib/schemas/list";
import { type Actor, hasRole } from "../organizations/roles";

/**
 * One page of the do-not-call list (search by number or reason), how many match (counted up to the
 * cap: `capped`), and whether the actor may remove.
 */
export async function listDoNotCallPage({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: ListDoNotCallInput;
}) {
  const search = input.q || undefined;
  const total = await countDoNotCall(tx, { orgId: actor.orgId, search });
  const page = pageWithin(input.page ?? 1, total, DNC_PAGE_SIZE);
  const entries =
    total.count === 0
      ? []
      : await listDoNotCall(tx, {
          orgId: actor.orgId,
          search,
          limit: DNC_PAGE_SIZE,
          offset: (page - 1) * DNC_PAGE_SIZE,
        });
  // Tells "nothing matches this search" apart from "the list is empty" (a different empty state).
  const listIsEmpty =
    total.count === 0 && (!search || !(await hasDoNotCallEntries(tx, { orgId: actor.orgId })));
  return {
    entries,
    listIsEmpty,
    total: total.count,
    capped: total.capped,
    page,
    pageSize: DNC_PAGE_SIZE,
    search: search ?? "",
    canRemove: hasRole(actor.role, "admin"),
  };
}
