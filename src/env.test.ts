import { afterEach, describe, expect, it } from "vitest";
import { appOrigin, EnvError, integrations, parseEnv, resetEnvCache } from "./env";

const SECRET = "a-session-secret-of-at-least-32-characters";
const PG = "postgres://dialer@db.internal:5432/dialer";

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
    const error = envError({ DATABASE_URL: PG });
    expect(error.message).toContain("SESSION_SECRET");
    const env = parseEnv({ DATABASE_URL: PG, SESSION_SECRET: SECRET });
    expect(env.mode).toBe("self-hosted");
    expect(env.SESSION_SECRET).toBe(SECRET);
  });

  it("refuses a SESSION_SECRET shorter than 32 characters", () => {
    expect(envError({ DATABASE_URL: PG, SESSION_SECRET: "short" }).message).toContain("SESSION_SECRET");
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
    expect(appOrigin({ fallback: null })).toBe("https://dialer.example.com");
  });

  it("falls back to this server on PORT, or to nothing for callers that know the request", () => {
    withEnv({ PORT: "4100" });
    expect(appOrigin({ fallback: "localhost" })).toBe("http://localhost:4100");
    expect(appOrigin({ fallback: "127.0.0.1" })).toBe("http://127.0.0.1:4100");
    expect(appOrigin({ fallback: null })).toBeNull();
  });
});
