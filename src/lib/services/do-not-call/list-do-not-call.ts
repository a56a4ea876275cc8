import type { Tx } from "@/lib/db/client";
import { countDoNotCall, listDoNotCall } from "@/lib/db/queries/do-not-call";
import { DNC_PAGE_SIZE, type ListDoNotCallInput } from "@/lib/schemas/do-not-call";
import { type Actor, hasRole } from "../organizations/roles";

/** One page of the do-not-call list (search by number or reason), and whether the actor may remove. */
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
  const pageCount = Math.max(1, Math.ceil(total / DNC_PAGE_SIZE));
  const page = Math.min(input.page ?? 1, pageCount);
  const entries =
    total === 0
      ? []
      : await listDoNotCall(tx, {
          orgId: actor.orgId,
          search,
          limit: DNC_PAGE_SIZE,
          offset: (page - 1) * DNC_PAGE_SIZE,
        });
  // Tells "nothing matches this search" apart from "the list is empty" (a different empty state).
  const listIsEmpty = total === 0 && (!search || (await countDoNotCall(tx, { orgId: actor.orgId })) === 0);
  return {
    entries,
    listIsEmpty,
    total,
    page,
    pageCount,
    pageSize: DNC_PAGE_SIZE,
    search: search ?? "",
    canRemove: hasRole(actor.role, "admin"),
  };
}
