import { decodeJwt, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { SupabaseAuth } from "@/lib/integrations/auth/supabase/supabase-auth";
import type { CookieJar } from "@/lib/integrations/auth/types";
import { type GoTrueFake, startGoTrueFake } from "../fakes/gotrue-fake";

function memoryJar(): CookieJar & { jar: Map<string, string> } {
  const jar = new Map<string, string>();
  return {
    jar,
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set: (name, value, options) => {
      if (value === "" || options.maxAge === 0) jar.delete(name);
      else jar.set(name, value);
    },
  };
}

describe("Supabase Auth adapter against a GoTrue contract fake", () => {
  let fake: GoTrueFake;
  beforeAll(async () => {
    fake = await startGoTrueFake();
  });
  afterAll(async () => fake.close());
  beforeEach(() => {
    fake.confirmations = false;
  });

  const auth = (cookies: CookieJar) => new SupabaseAuth({ url: fake.url, anonKey: fake.anonKey, cookies });

  it("signs up, keeps the session in cookies and returns verified claims", async () => {
    const cookies = memoryJar();
    const result = await auth(cookies).signUp({ email: "ann@example.com", password: "long-password-1" });
    expect(result.status).toBe("signed-in");
    expect([...cookies.jar.keys()].some((k) => k.startsWith("sb-") && k.includes("auth-token"))).toBe(true);
    // A fresh adapter reading the same cookies gets the user only after the server vouches for it.
    const before = fake.requests.filter((r) => r.path === "/auth/v1/user").length;
    const user = await auth(cookies).getUser();
    expect(user).toMatchObject({ email: "ann@example.com", role: "authenticated" });
    expect(fake.requests.filter((r) => r.path === "/auth/v1/user").length).toBeGreaterThan(before);
  });

  it("maps wrong password to the same message as unknown email", async () => {
    await auth(memoryJar()).signUp({ email: "bob@example.com", password: "long-password-2" });
    const wrong = await auth(memoryJar())
      .signIn({ email: "bob@example.com", password: "nope-nope-nope" })
      .catch((e: unknown) => e);
    const unknown = await auth(memoryJar())
      .signIn({ email: "who@example.com", password: "nope-nope-nope" })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AppError);
    expect((wrong as AppError).code).toBe("unauthorized");
    expect((unknown as AppError).message).toBe((wrong as AppError).message);
  });

  it("rejects a session cookie whose token was forged with another key", async () => {
    const cookies = memoryJar();
    await auth(cookies).signUp({ email: "cat@example.com", password: "long-password-3" });
    const [name, raw] = [...cookies.jar].find(([n]) => /^sb-[^-]+-auth-token$/.test(n)) ?? [];
    if (!name || !raw) throw new Error("no Supabase session cookie was set");
    const session = JSON.parse(Buffer.from(raw.replace(/^base64-/, ""), "base64url").toString("utf8"));
    const claims = decodeJwt(session.access_token);
    session.access_token = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode("an-attacker-s-own-secret-0123456789"));
    cookies.jar.set(name, `base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`);
    expect(await auth(cookies).getUser()).toBeNull();
  });

  it("reports confirm-email when the project requires confirmation", async () => {
    fake.confirmations = true;
    const result = await auth(memoryJar()).signUp({ email: "dan@example.com", password: "long-password-4" });
    expect(result.status).toBe("confirm-email");
  });

  it("reports a duplicate sign-up as already registered, not as an error the visitor would see", async () => {
    await auth(memoryJar()).signUp({ email: "eve@example.com", password: "long-password-5" });
    const result = await auth(memoryJar()).signUp({ email: "eve@example.com", password: "another-password" });
    expect(result).toEqual({ status: "already-registered" });
  });
});
