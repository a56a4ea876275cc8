import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { clientBlock, parseIp } from "@/lib/net/ip-address";

/**
 * A bucket lets `free` attempts through at once; after that each attempt must wait for the one
 * before it, `baseDelaySeconds` doubling up to `maxDelaySeconds`. The count starts again
 * `windowSeconds` after the bucket's first attempt. With base = max = window it is a plain
 * fixed-window limit.
 */
export type BucketRule = {
  free: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  windowSeconds: number;
};

/**
 * Sign-in limits (built-in auth). Nothing here locks an account: a wrong password from one place
 * slows down only that place.
 * - `client`: one address from one client (its IP, or its /64 for IPv6; or a browser that has
 *   signed in to this address before): 5 tries, then 30 s, 1, 2, 4, 8 and 15 minutes between tries.
 * - `ip`: one client across all addresses (password spraying).
 * - `address`: one address across every client that has never signed in to it: slower, and it
 *   bounds what a botnet can try. A browser that has signed in to the address before skips it,
 *   so the real user is not shut out by it.
 */
export const SIGN_IN_LIMITS = {
  client: { free: 5, baseDelaySeconds: 30, maxDelaySeconds: 15 * 60, windowSeconds: 60 * 60 },
  ip: { free: 30, baseDelaySeconds: 15 * 60, maxDelaySeconds: 15 * 60, windowSeconds: 15 * 60 },
  address: { free: 50, baseDelaySeconds: 60 * 60, maxDelaySeconds: 60 * 60, windowSeconds: 60 * 60 },
} as const satisfies Record<string, BucketRule>;

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function delaySeconds(attempt: number, rule: BucketRule): number {
  if (attempt < rule.free) return 0;
  return Math.min(rule.baseDelaySeconds * 2 ** (attempt - rule.free), rule.maxDelaySeconds);
}

/**
 * Takes one attempt from a bucket in one statement: the upsert either counts the attempt and
 * sets when the next may come, or (its WHERE false) changes nothing and returns no row. Parallel
 * attempts queue on the row lock, so exactly as many pass as the rule allows.
 */
export async function takeAttempt(
  db: Database,
  { key, rule, now }: { key: string; rule: BucketRule; now: Date },
): Promise<TakeResult> {
  const at = sql`${now.toISOString()}::timestamptz`;
  // A window that started later than now (another server's clock ran ahead) starts over too.
  const restart = sql`(l.window_started_at <= ${at} - make_interval(secs => ${rule.windowSeconds}) or l.window_started_at > ${at})`;
  const attempt = sql`(case when ${restart} then 1 else l.attempts + 1 end)`;
  const delay = sql`(case when ${attempt} < ${rule.free} then 0
    else least(${rule.baseDelaySeconds}::float8 * power(2, ${attempt} - ${rule.free}), ${rule.maxDelaySeconds}) end)`;
  const taken = rowsOf<{ attempts: number }>(
    await db.execute(sql`
      insert into auth.sign_in_limits as l (key, attempts, window_started_at, not_before)
      values (${key}, 1, ${at}, ${at} + make_interval(secs => ${delaySeconds(1, rule)}))
      on conflict (key) do update set
        attempts = ${attempt},
        window_started_at = case when ${restart} then ${at} else l.window_started_at end,
        not_before = ${at} + make_interval(secs => ${delay})
      where ${restart} or l.not_before <= ${at}
      returning attempts`),
  );
  if (taken.length > 0) return { allowed: true };
  const [row] = rowsOf<{ wait: number }>(
    await db.execute(sql`
      select extract(epoch from least(not_before, window_started_at + make_interval(secs => ${rule.windowSeconds})) - ${at})::float8 as wait
      from auth.sign_in_limits where key = ${key}`),
  );
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(row?.wait ?? 1))) };
}

export type SignInAttempt =
  | { allowed: true; clientKey: string; sharedKeys: string[] }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Decides whether a sign-in attempt may check a password at all. `deviceId` is set when the
 * browser carries a valid trusted-device token for this address (it signed in here before).
 * `clientKey` is the bucket to clear when the password turns out right.
 */
export async function takeSignInAttempt(
  db: Database,
  { email, ip, deviceId, now }: { email: string; ip?: string; deviceId?: string; now: Date },
): Promise<SignInAttempt> {
  if (deviceId) {
    const clientKey = `device:${deviceId}:${email}`;
    const taken = await takeAttempt(db, { key: clientKey, rule: SIGN_IN_LIMITS.client, now });
    if (taken.allowed) return { allowed: true, clientKey, sharedKeys: [] };
    // The device is backing off (its token may have been copied): from here on it is a stranger.
  }
  const parsed = ip ? parseIp(ip) : null;
  const block = parsed ? clientBlock(parsed) : "unknown";
  const clientKey = `client:${block}:${email}`;
  // Most specific first: an attempt refused by its own client's bucket spends nothing shared.
  const shared: [string, BucketRule][] = [
    ...(parsed ? [[`ip:${block}`, SIGN_IN_LIMITS.ip] as [string, BucketRule]] : []),
    [`address:${email}`, SIGN_IN_LIMITS.address],
  ];
  for (const [key, rule] of [[clientKey, SIGN_IN_LIMITS.client] as [string, BucketRule], ...shared]) {
    const taken = await takeAttempt(db, { key, rule, now });
    if (!taken.allowed) return taken;
  }
  return { allowed: true, clientKey, sharedKeys: shared.map(([key]) => key) };
}

/**
 * After a right password: that client starts with a clean slate, and the shared buckets get
 * the attempt back (only failures should use them up: an office signing in together behind
 * one address is not an attack). Stale buckets are dropped as we go.
 */
export async function clearSignInAttempts(
  db: Database,
  { clientKey, sharedKeys, now }: { clientKey: string; sharedKeys: string[]; now: Date },
): Promise<void> {
  await db.execute(sql`delete from auth.sign_in_limits where key = ${clientKey}`);
  for (const key of sharedKeys) {
    await db.execute(
      sql`update auth.sign_in_limits set attempts = greatest(attempts - 1, 0) where key = ${key}`,
    );
  }
  await db.execute(sql`
    delete from auth.sign_in_limits where key in (
      select key from auth.sign_in_limits
      where window_started_at < ${now.toISOString()}::timestamptz - interval '1 day' limit 100)`);
}
