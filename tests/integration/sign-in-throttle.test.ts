import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { BuiltinAuth } from "@/lib/integrations/auth/builtin/builtin-auth";
import { SIGN_IN_LIMITS } from "@/lib/integrations/auth/builtin/sign-in-throttle";
import { DEVICE_COOKIE, signDeviceToken } from "@/lib/integrations/auth/builtin/trusted-device";
import type { CookieJar, CookieOptions } from "@/lib/integrations/auth/types";
import { createAuthUser, uniqueEmail } from "../helpers/fixtures";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";

const SECRET = "throttle-test-secret-0123456789-abcdefghijklmn";
const PASSWORD = "correct horse battery";
// The tests own the clock: every attempt happens at a moment they choose.
const T0 = new Date("2031-03-04T10:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const { client, ip: perIp, address } = SIGN_IN_LIMITS;

function jar(cookies: Record<string, string> = {}): CookieJar & { values: Map<string, string> } {
  const values = new Map(Object.entries(cookies));
  return {
    values,
    getAll: () => [...values].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string, options: CookieOptions) => {
      if (value === "" || options.maxAge === 0) values.delete(name);
      else values.set(name, value);
    },
  };
}

type Outcome = "signed-in" | "unauthorized" | "rate_limited";

describe.each(testDbKinds())("sign-in throttling on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    // Real connections on Postgres, so parallel attempts really race.
    db = await createTestDb(kind, { max: 12 });
  });
  afterAll(() => db.destroy());

  const auth = (now: Date, cookies: CookieJar = jar()) =>
    new BuiltinAuth({ db: db.db, cookies, secret: SECRET, secureCookies: false, now: () => now });

  async function attempt(
    email: string,
    password: string,
    options: { now: Date; ip?: string; cookies?: CookieJar },
  ): Promise<{ outcome: Outcome; retryAfterSeconds?: number }> {
    try {
      await auth(options.now, options.cookies).signIn({ email, password, ip: options.ip });
      return { outcome: "signed-in" };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code !== "unauthorized" && error.code !== "rate_limited") throw error;
      return {
        outcome: error.code,
        retryAfterSeconds: error.details?.retryAfterSeconds as number | undefined,
      };
    }
  }

  /** How many attempts for `email` got as far as a password check. */
  async function checked(email: string): Promise<number> {
    const [row] = await db.query<{ n: number }>(
      "select count(*)::int as n from auth.login_attempts where email = $1",
      [email],
    );
    return row?.n ?? -1;
  }

  async function user() {
    const email = uniqueEmail("throttle");
    await createAuthUser(db, { email, password: PASSWORD });
    return email;
  }

  it(`checks exactly ${client.free} of 40 parallel wrong passwords from one client`, async () => {
    const email = await user();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(email, `wrong ${i}`, { now: T0, ip: "198.51.100.10" })),
    );
    const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
    expect(await checked(email)).toBe(client.free);
    expect(count("unauthorized")).toBe(client.free);
    expect(count("rate_limited")).toBe(40 - client.free);
  });

  it(`checks exactly ${address.free} of ${address.free + 10} parallel guesses at one address from as many IPs`, async () => {
    const email = await user();
    const n = address.free + 10;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        attempt(email, `wrong ${i}`, { now: T0, ip: `203.0.113.${i + 1}` }),
      ),
    );
    expect(await checked(email)).toBe(address.free);
    expect(results.filter((r) => r.outcome === "rate_limited")).toHaveLength(10);
  });

  it("backs off one client with doubling waits, and never the real user elsewhere", async () => {
    const email = await user();
    const attacker = "198.51.100.20";
    for (let i = 0; i < client.free; i++) {
      expect((await attempt(email, "guess", { now: T0, ip: attacker })).outcome).toBe("unauthorized");
    }
    // Even the right password waits: the wait says nothing about whether a guess was right.
    const refused = await attempt(email, PASSWORD, { now: T0, ip: attacker });
    expect(refused).toEqual({ outcome: "rate_limited", retryAfterSeconds: client.baseDelaySeconds });

    // The real user, from their own address, signs in at once.
    expect((await attempt(email, PASSWORD, { now: T0, ip: "192.0.2.55" })).outcome).toBe("signed-in");

    // The attacker's waits double: 30 s, then 60 s, then 120 s.
    let t = client.baseDelaySeconds;
    for (const wait of [client.baseDelaySeconds * 2, client.baseDelaySeconds * 4]) {
      expect((await attempt(email, "guess", { now: at(t - 1), ip: attacker })).outcome).toBe("rate_limited");
      expect((await attempt(email, "guess", { now: at(t), ip: attacker })).outcome).toBe("unauthorized");
      expect(await attempt(email, "guess", { now: at(t), ip: attacker })).toEqual({
        outcome: "rate_limited",
        retryAfterSeconds: wait,
      });
      t += wait;
    }
  });

  it("caps the wait at 15 minutes and forgets a client's failures an hour after the first", async () => {
    const email = await user();
    const ip = "198.51.100.21";
    let t = 0;
    const waits: number[] = [];
    while (t < 2700) {
      const r = await attempt(email, "guess", { now: at(t), ip });
      if (r.outcome === "rate_limited") {
        waits.push(r.retryAfterSeconds ?? -1);
        t += r.retryAfterSeconds ?? 0;
      }
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900]);
    for (let i = 0; i < client.free; i++) {
      expect((await attempt(email, "guess", { now: at(client.windowSeconds), ip })).outcome).toBe(
        "unauthorized",
      );
    }
  });

  it("gives a client that signs in a clean slate", async () => {
    const email = await user();
    const ip = "198.51.100.22";
    for (let i = 0; i < client.free - 1; i++) await attempt(email, "typo", { now: T0, ip });
    expect((await attempt(email, PASSWORD, { now: T0, ip })).outcome).toBe("signed-in");
    for (let i = 0; i < client.free; i++) {
      expect((await attempt(email, "typo", { now: T0, ip })).outcome).toBe("unauthorized");
    }
  });

  it(`limits one IP to ${perIp.free} tries across addresses, whatever addresses it sprays`, async () => {
    const ip = "198.51.100.30";
    for (let i = 0; i < perIp.free; i++) {
      expect((await attempt(uniqueEmail("spray"), "x", { now: T0, ip })).outcome).toBe("unauthorized");
    }
    const email = await user();
    expect((await attempt(email, PASSWORD, { now: T0, ip })).outcome).toBe("rate_limited");
    expect((await attempt(email, PASSWORD, { now: T0, ip: "198.51.100.31" })).outcome).toBe("signed-in");
    expect((await attempt(email, PASSWORD, { now: at(perIp.windowSeconds), ip })).outcome).toBe("signed-in");
  });

  it("does not count right passwords against an address many people share, such as an office", async () => {
    const office = "198.51.100.40";
    const people = await Promise.all(Array.from({ length: perIp.free + 5 }, () => user()));
    for (const email of people) {
      expect((await attempt(email, PASSWORD, { now: T0, ip: office })).outcome).toBe("signed-in");
    }
  });

  it("counts an IPv6 client by its /64, so rotating addresses inside it gains nothing", async () => {
    const email = await user();
    for (let i = 0; i < client.free; i++) {
      const ip = `2001:db8:7:7::${(i + 1).toString(16)}`;
      expect((await attempt(email, "guess", { now: T0, ip })).outcome).toBe("unauthorized");
    }
    expect((await attempt(email, "guess", { now: T0, ip: "2001:db8:7:7:ffff::1" })).outcome).toBe(
      "rate_limited",
    );
    expect((await attempt(email, PASSWORD, { now: T0, ip: "2001:db8:7:8::1" })).outcome).toBe("signed-in");
  });

  it("lets a browser that signed in before through while strangers have used up the address", async () => {
    const email = await user();
    // The real user signed in last week from this browser, which kept the trusted-device cookie.
    const browser = jar();
    await auth(at(-7 * 86_400), browser).signIn({ email, password: PASSWORD, ip: "192.0.2.77" });
    const device = browser.values.get(DEVICE_COOKIE);
    expect(device).toBeTruthy();

    // A botnet spends the address's allowance for strangers.
    await Promise.all(
      Array.from({ length: address.free }, (_, i) =>
        attempt(email, `guess ${i}`, { now: T0, ip: `10.9.${Math.floor(i / 200)}.${(i % 200) + 1}` }),
      ),
    );
    const stranger = await attempt(email, PASSWORD, { now: T0, ip: "192.0.2.78" });
    expect(stranger.outcome).toBe("rate_limited");

    // The user's own browser is not a stranger, from any network.
    const again = jar({ [DEVICE_COOKIE]: device ?? "" });
    expect((await attempt(email, PASSWORD, { now: T0, ip: "10.9.0.1", cookies: again })).outcome).toBe(
      "signed-in",
    );
    // A device token for another address, or signed with another key, is no pass.
    const other = await signDeviceToken({ email: uniqueEmail("other") }, SECRET, T0.getTime() / 1000);
    const forged = await signDeviceToken(
      { email },
      "a-different-secret-0123456789-abcdefghijkl",
      T0.getTime() / 1000,
    );
    for (const token of [other.token, forged.token]) {
      const cookies = jar({ [DEVICE_COOKIE]: token });
      expect((await attempt(email, PASSWORD, { now: T0, ip: "192.0.2.79", cookies })).outcome).toBe(
        "rate_limited",
      );
    }
  });

  it("treats a trusted device that is backing off as a stranger, so a copied token locks nobody out", async () => {
    const email = await user();
    const browser = jar();
    await auth(T0, browser).signIn({ email, password: PASSWORD, ip: "192.0.2.90" });
    const token = browser.values.get(DEVICE_COOKIE) ?? "";
    // Someone with a copy of the token guesses from elsewhere until the device backs off.
    for (let i = 0; i < client.free + 1; i++) {
      await attempt(email, "guess", {
        now: T0,
        ip: "198.51.100.90",
        cookies: jar({ [DEVICE_COOKIE]: token }),
      });
    }
    // The real user on that browser and network still gets in.
    const mine = jar({ [DEVICE_COOKIE]: token });
    expect((await attempt(email, PASSWORD, { now: T0, ip: "192.0.2.90", cookies: mine })).outcome).toBe(
      "signed-in",
    );
  });
});
