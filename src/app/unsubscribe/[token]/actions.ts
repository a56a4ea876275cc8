"use server";

import { getDbHandle } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { unsubscribeByToken } from "@/lib/services/email/unsubscribe";

export type UnsubscribeState = { status: "idle" | "done" | "invalid" | "error" };

/**
 * The unsubscribe page's confirm button. No sign-in and no safe-action client (it injects a
 * signed-in user): the token is the only credential, checked by the service.
 */
export async function unsubscribeAction(token: string, _prev: UnsubscribeState): Promise<UnsubscribeState> {
  try {
    const { db } = await getDbHandle();
    await unsubscribeByToken({ db, token, now: new Date() });
    return { status: "done" };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return { status: "invalid" };
    logger.error("unsubscribe failed", { error: error instanceof Error ? error.message : "unknown" });
    return { status: "error" };
  }
}
