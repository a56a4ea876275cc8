import type { Tx } from "@/lib/db/client";
import { type UserClaims, withUser } from "@/lib/db/with-user";
import { logger } from "@/lib/logger";

/**
 * A CSV file streamed to the browser as it is written: `chunks` runs in one transaction as `user`
 * (RLS applies), each chunk is sent as soon as it is made, and a failure midway ends the download
 * with an error rather than a file that looks complete. `name` is the file's, before its date.
 */
export function csvDownload({
  user,
  orgId,
  name,
  chunks,
  now = new Date(),
}: {
  user: UserClaims;
  orgId: string;
  name: string;
  chunks: (tx: Tx) => AsyncGenerator<string>;
  now?: Date;
}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        await withUser(user, async (tx) => {
          for await (const chunk of chunks(tx)) controller.enqueue(encoder.encode(chunk));
        });
        controller.close();
      } catch (error) {
        logger.error(`${name} export failed`, {
          orgId,
          error: error instanceof Error ? error.message : "unknown",
        });
        controller.error(error);
      }
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${now.toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
}
