import { afterEach, describe, expect, it } from "vitest";
import {
  appOrigin,
  EnvError,
  integrations,
  isLoopbackHost,
  listenHost,
  onThisMachineOnly,
  parseEnv,
  resetEnvCache,
} from "./env";

const SECRET = "a-session-secret-of-at-least-32-characters";
const PG = "postgres://dialer@db.internal:5432/dialer";
const APP_URL = "https://dialer.example.com";

function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(source)}`);
}

describe("parseEnv", () => {
  it("runs locally on the embedded database with nothing set", () => {
    const env = parseEnv({});
    expect(env.mode).toBe("local");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DIR).toBe(".data/pglite");
    expect(env.NODE_ENV).toBe("development");
    expect(env.LOG_LEVEL).toBe("info");
    expect(integrations(env).find((i) => i.name === "database")).toMatchObject({ simulated: true });
  });

  it("treats variables set to an empty string as unset", () => {
    const env = parseEnv({
      DATABASE_URL: "",
      SESSION_SECRET: "",
      NEXT_PUBLIC_SUPABASE_URL: "",
      PGLITE_DIR: "",
    });
    expect(env.mode).toBe("local");
    expect(env.PGLITE_DIR).toBe(".data/pglite");
  });

  it("is self-hosted with DATABASE_URL, and then needs SESSION_SECRET", () => {
    const error = envError({ DATABASE_URL: PG, APP_URL });
    expect(error.message).toContain("SESSION_SECRET");
    const env = parseEnv({ DATABASE_URL: PG, SESSION_SECRET: SECRET, APP_URL });
    expect(env.mode).toBe("self-hosted");
    expect(env.SESSION_SECRET).toBe(SECRET);
  });

  it("refuses a SESSION_SECRET shorter than 32 characters", () => {
    expect(envError({ DATABASE_URL: PG, SESSION_SECRET: "short", APP_URL }).message).toContain(
      "SESSION_SECRET",
    );
  });

  it("refuses hosted mode without DATABASE_URL, naming it", () => {
    expect(envError({ VERCEL: "1" }).message).toContain("DATABASE_URL");
    expect(
      envError({ NEXT_PUBLIC_SUPABASE_URL: "https://abc.supabase.co", NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon" })
        .message,
    ).toContain("DATABASE_URL");
  });

  it("is hosted with Supabase Auth when both Supabase variables and DATABASE_URL are set", () => {
    const env = parseEnv({
      DATABASE_URL: PG,
      NEXT_PUBLIC_SUPABASE_URL: "https://abc.supabase.co",
      NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon",
      APP_URL,
    });
    expect(env.mode).toBe("hosted");
    expect(integrations(env).find((i) => i.name === "sign-in")?.using).toBe("supabase");
  });

  it("refuses only one of the two Supabase variables", () => {
    for (const partial of [
      { NEXT_PUBLIC_SUPABASE_URL: "https://abc.supabase.co" },
      { NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon" },
    ]) {
      const message = envError({ DATABASE_URL: PG, SESSION_SECRET: SECRET, ...partial }).message;
      expect(message).toContain("NEXT_PUBLIC_SUPABASE_URL");
      expect(message).toContain("NEXT_PUBLIC_SUPABASE_ANON_KEY");
    }
  });

  it("requires APP_URL outside local mode, so no link is built from a request's host", () => {
    expect(envError({ DATABASE_URL: PG, SESSION_SECRET: SECRET }).message).toContain("APP_URL");
    expect(envError({ DATABASE_URL: PG, VERCEL: "1" }).message).toContain("APP_URL");
    expect(parseEnv({}).APP_URL).toBeUndefined();
  });

  it("reads TRUSTED_PROXIES as addresses and ranges, naming entries that are neither", () => {
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    const env = parseEnv({ TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8 ::1" });
    expect(env.TRUSTED_PROXIES.map((r) => r.text)).toEqual(["127.0.0.1", "10.0.0.0/8", "::1"]);
    const message = envError({ TRUSTED_PROXIES: "10.0.0.0/8, nginx, 1.2.3.4/40" }).message;
    expect(message).toContain("TRUSTED_PROXIES");
    expect(message).toContain('"nginx"');
    expect(message).toContain('"1.2.3.4/40"');
  });

  it("listens on the loopback interface in local mode unless HOST says otherwise", () => {
    expect(listenHost(parseEnv({}))).toBe("127.0.0.1");
    expect(listenHost(parseEnv({ HOST: "0.0.0.0" }))).toBe("0.0.0.0");
    expect(listenHost(parseEnv({ DATABASE_URL: PG, SESSION_SECRET: SECRET, APP_URL }))).toBeUndefined();
    expect(
      listenHost(parseEnv({ DATABASE_URL: PG, SESSION_SECRET: SECRET, APP_URL, HOST: "10.1.2.3" })),
    ).toBe("10.1.2.3");
    expect(envError({ HOST: "0.0.0.0; rm -rf /" }).message).toContain("HOST");
    expect(["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"].every(isLoopbackHost)).toBe(true);
    expect(["0.0.0.0", "::", "192.168.1.20", "dialer.local"].some(isLoopbackHost)).toBe(false);
  });

  it("keeps what must stay on the laptop (demo password, local mailbox) to local mode on loopback", () => {
    expect(onThisMachineOnly(parseEnv({}))).toBe(true);
    expect(onThisMachineOnly(parseEnv({ HOST: "localhost" }))).toBe(true);
    expect(onThisMachineOnly(parseEnv({ HOST: "0.0.0.0" }))).toBe(false);
    expect(onThisMachineOnly(parseEnv({ DATABASE_URL: PG, SESSION_SECRET: SECRET, APP_URL }))).toBe(false);
  });

  it("names the variable that fails validation", () => {
    expect(envError({ APP_URL: "not a url" }).message).toContain("APP_URL");
    expect(envError({ LOG_LEVEL: "loud" }).message).toContain("LOG_LEVEL");
  });
});

describe("appOrigin", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });
  const withEnv = (values: Record<string, string | undefined>) => {
    process.env = { ...saved, APP_URL: undefined, PORT: undefined, ...values };
    resetEnvCache();
  };

  it("is APP_URL without its trailing slash", () => {
    withEnv({ APP_URL: "https://dialer.example.com/" });
    expect(appOrigin({ fallback: "localhost" })).toBe("https://dialer.example.com");
  });

  it("falls back (local mode) to this server on PORT", () => {
    withEnv({ PORT: "4100" });
    expect(appOrigin({ fallback: "localhost" })).toBe("http://localhost:4100");
    expect(appOrigin({ fallback: "127.0.0.1" })).toBe("http://127.0.0.1:4100");
  });
});
