import { type AddressRange, formatIp, inRanges, parseIp } from "./ip-address";

/**
 * Where the client address may come from, decided by configuration, never by the request:
 * on Vercel the platform's `x-real-ip` (Vercel sets it and overwrites what a client sent);
 * elsewhere the socket's peer address, and X-Forwarded-For only when that peer is one of
 * TRUSTED_PROXIES, read from the right and skipping further trusted hops.
 */
export type ClientAddressTrust = { vercel: boolean; trustedProxies: readonly AddressRange[] };

type HeaderReader = { get(name: string): string | null };

/**
 * The client's IP address in canonical form, or undefined when nothing trustworthy names it
 * (no peer address known and not on Vercel). A client-supplied X-Forwarded-For, X-Real-IP or
 * Forwarded header is never believed unless the peer that sent it is a trusted proxy.
 */
export function clientAddress(
  headers: HeaderReader,
  trust: ClientAddressTrust,
  peerAddress: string | undefined,
): string | undefined {
  if (trust.vercel) {
    const ip = parseIp(headers.get("x-real-ip") ?? "");
    return ip ? formatIp(ip) : undefined;
  }
  const peer = parseIp(peerAddress ?? "");
  if (!peer) return undefined;
  if (!inRanges(peer, trust.trustedProxies)) return formatIp(peer);
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseIp(hops[i] ?? "");
    // A malformed entry ends the chain: what lies left of it was written by nobody we trust.
    if (!hop) break;
    client = hop;
    if (!inRanges(hop, trust.trustedProxies)) break;
  }
  return formatIp(client);
}
