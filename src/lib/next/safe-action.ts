import { createSafeActionClient } from "next-safe-action";
import type { Database, Tx } from "@/lib/db/client";
import { type UserClaims, withUser } from "@/lib/db/with-user";
import { AppError, isAppError, UNEXPECTED_ERROR_MESSAGE } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { Actor } from "@/lib/services/organizations/roles";
import { currentContext } from "./request-auth";

/** Actions anyone may call (sign-in, sign-up). Errors reach the client only as AppError messages. */
export const actionClient = createSafeActionClient({
  handleServerError(error) {
    if (isAppError(error)) return error.message;
    logger.error("action failed", { error: error.message, stack: error.stack });
    return UNEXPECTED_ERROR_MESSAGE;
  },
});

/**
 * Actions of a signed-in member that hold no transaction (they wait on an outside service, such as
 * Cal.com or the mail service): the middleware checks the session and injects `{ user, actor }`.
 */
export const memberActionClient = actionClient.use(async ({ next }) => {
  const ctx = await currentContext();
  if (!ctx) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
  if (!ctx.org) throw new AppError("forbidden", "Create or join an organization first.");
  const { user, org } = ctx;
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  return next({ ctx: { user, actor } });
});

/**
 * Actions of a signed-in member: the middleware injects `{ user, actor, tx }`, where `tx` is one
 * `withUser` transaction, so everything the action touches is under row-level security.
 */
export const orgActionClient = memberActionClient.use(async ({ next, ctx }) =>
  actionTransaction(ctx.user, (tx) => next({ ctx: { ...ctx, tx } })),
);

/**
 * Runs an action in one `withUser` transaction that commits only when the action succeeded.
 * next-safe-action catches what an action throws and hands back a result, so without this a
 * half-done action would commit: a failed result is turned back into a throw inside the
 * transaction (rolling it back), and the result is then returned as the client expects.
 */
export async function actionTransaction<R extends { success: boolean; navigationKind?: unknown }>(
  user: UserClaims,
  run: (tx: Tx) => Promise<R>,
  db?: Database,
): Promise<R> {
  try {
    return await withUser(
      user,
      async (tx) => {
        const result = await run(tx);
        if (!result.success && !result.navigationKind) throw new RolledBack(result);
        return result;
      },
      db,
    );
  } catch (error) {
    if (error instanceof RolledBack) return error.result as R;
    throw error;
  }
}

class RolledBack extends Error {
  constructor(readonly result: unknown) {
    super("action failed; transaction rolled back");
  }
}
