import { Receiver } from "@upstash/qstash";

export type QstashSigningKeys = { currentSigningKey: string; nextSigningKey: string };

/**
 * Whether a request really comes from QStash: the `Upstash-Signature` JWT must be signed with the
 * current or next key and name this URL and this exact body. The SDK's `verify` throws on a bad
 * signature instead of returning false; here every failure is just `false` (answered with 401).
 */
export async function verifyQstash(
  keys: QstashSigningKeys,
  request: { signature: string | null; body: string; url: string },
): Promise<boolean> {
  if (!request.signature) return false;
  const receiver = new Receiver({ ...keys, devMode: false });
  try {
    return await receiver.verify({ signature: request.signature, body: request.body, url: request.url });
  } catch {
    return false;
  }
}
