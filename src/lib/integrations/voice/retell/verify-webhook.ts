import Retell from "retell-sdk";

/**
 * Checks `x-retell-signature` (`v=<ms>,d=<hex hmac>` over raw body + timestamp, 5-minute window)
 * against each accepted key. `Retell.verify` returns a Promise in retell-sdk 5.x: it must be
 * awaited, or every forged request would pass (a Promise is truthy).
 */
export async function verifyRetellSignature(
  rawBody: string,
  signature: string | null | undefined,
  keys: readonly (string | undefined)[],
): Promise<boolean> {
  if (!signature) return false;
  for (const key of keys) {
    if (!key) continue;
    try {
      if ((await Retell.verify(rawBody, key, signature)) === true) return true;
    } catch {
      // A malformed signature never verifies.
    }
  }
  return false;
}
