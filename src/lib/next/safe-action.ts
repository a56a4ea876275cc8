import { createSafeActionClient } from "next-safe-action";
import { withUser } from "@/lib/db/with-user";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { Actor } from "@/lib/services/organizations/roles";
import { currentContext } from "./request-auth";

/** Actions anyone may call (sign-in, sign-up). Errors reach the client only as AppError messages. */
export const actionClient = createSafeActionClient({
  handleServerError(error) {
    if (isAppError(error)) return error.message;
    logger.error("action failed", { error: error.message, stack: error.stack });
    return "Something went wrong on our side. Please try again.";
  },
});

/**
 * Actions of a signed-in member: the middleware injects `{ user, actor, tx }`, where `tx` is one
 * `withUser` transaction, so everything the action touches is under row-level security.
 */
export const orgActionClient = actionClient.use(async ({ next }) => {
  const ctx = await currentContext();
  if (!ctx) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
  if (!ctx.org) throw new AppError("forbidden", "Create or join an organization first.");
  const { user, org } = ctx;
  const actor: Actor = { userId: user.sub, email: user.email, orgId: org.orgId, role: org.role };
  return withUser(user, (tx) => next({ ctx: { user, actor, tx } }));
});
