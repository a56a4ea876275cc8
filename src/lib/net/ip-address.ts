/**
 * IP addresses and CIDR ranges without Node's `net` (env.ts validates TRUSTED_PROXIES with these,
 * and env.ts must stay importable anywhere on the server). IPv4-mapped IPv6 addresses
 * (`::ffff:192.0.2.1`, how a dual-stack socket reports an IPv4 client) count as IPv4.
 */
export type IpAddress = { family: 4 | 6; bytes: number[] };
export type AddressRange = IpAddress & { prefix: number; text: string };

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

function parseIpv6(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string | undefined): number[] | null => {
    if (!half) return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(Number.parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const words = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** Parses an IPv4 or IPv6 address (brackets and a `%zone` allowed); null when it is not one. */
export function parseIp(input: string): IpAddress | null {
  const text = input
    .trim()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "");
  if (!text) return null;
  if (!text.includes(":")) {
    const v4 = parseIpv4(text);
    return v4 ? { family: 4, bytes: v4 } : null;
  }
  const v6 = parseIpv6(text);
  if (!v6) return null;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? { family: 4, bytes: v6.slice(12) } : { family: 6, bytes: v6 };
}

/** The canonical text of an address: dotted IPv4, or eight lower-case hex groups. */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return ip.bytes.join(".");
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2)
    words.push((((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0)).toString(16));
  return words.join(":");
}

/**
 * Parses `a.b.c.d`, `a.b.c.d/n`, IPv6 and IPv6 `/n`, comma- or space-separated. Returns the
 * ranges and the entries that are neither.
 */
export function parseAddressList(value: string): { ranges: AddressRange[]; invalid: string[] } {
  const ranges: AddressRange[] = [];
  const invalid: string[] = [];
  for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
    const [address = "", prefixText, extra] = entry.split("/");
    const ip = parseIp(address);
    const max = ip?.family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
    if (!ip || extra !== undefined || prefix < 0 || prefix > max) {
      invalid.push(entry);
      continue;
    }
    ranges.push({ ...ip, prefix, text: entry });
  }
  return { ranges, invalid };
}

function startsWithPrefix(a: number[], b: number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit += 8) {
    const bits = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - bits)) & 0xff;
    if (((a[bit / 8] ?? 0) & mask) !== ((b[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

/** Whether `ip` lies in any of `ranges`. */
export function inRanges(ip: IpAddress, ranges: readonly AddressRange[]): boolean {
  return ranges.some((r) => r.family === ip.family && startsWithPrefix(ip.bytes, r.bytes, r.prefix));
}

/**
 * The block one client controls, for rate limits: an IPv4 address itself, an IPv6 address's /64
 * (one subscriber is routinely given a whole /64, so single IPv6 addresses are free to rotate).
 */
export function clientBlock(ip: IpAddress): string {
  if (ip.family === 4) return formatIp(ip);
  return `${formatIp({ family: 6, bytes: [...ip.bytes.slice(0, 8), ...Array<number>(8).fill(0)] })}/64`;
}
