import { z } from "zod";
import { parseAddressList } from "@/lib/net/ip-address";

/**
 * The only reader of process.env. Every variable is validated once, and the run mode
 * (design section 1) follows from which of them are set.
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url().optional())
  .optional();

/** An unset variable and one set to "" (as copied from .env.example) mean the same. */
function blankAsUnset<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === "" ? undefined : v), schema);
}

const serverSchema = z.object({
  NODE_ENV: blankAsUnset(z.enum(["development", "test", "production"]).default("development")),
  /**
   * Public origin of the app, used in invite links, emails, webhook URLs and QStash callbacks.
   * Required outside local mode: links are never built from a request's (forwarded) host.
   */
  APP_URL: optionalUrl,
  /**
   * The interface the server listens on (`npm run dev` / `npm start` pass it as `-H`). Unset:
   * 127.0.0.1 in local mode, so the demo account is not reachable from the network; Next's
   * default (every interface) otherwise.
   */
  HOST: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9.:%[\]-]+$/, "must be a host name or an IP address, e.g. 0.0.0.0 or 192.168.1.20")
      .optional(),
  ),
  /**
   * Reverse proxies whose X-Forwarded-For this server believes (self-hosted): comma-separated
   * addresses or CIDR ranges, e.g. `127.0.0.1,10.0.0.0/8`. Unset: the client address is the
   * socket's. On Vercel the platform's own header is used instead.
   */
  TRUSTED_PROXIES: optionalString.transform((value, ctx) => {
    if (!value) return [];
    const parsed = parseAddressList(value);
    if (parsed.invalid.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `not an IP address or CIDR range: ${parsed.invalid.map((v) => JSON.stringify(v)).join(", ")}`,
      });
      return z.NEVER;
    }
    return parsed.ranges;
  }),
  /** Postgres connection string. Unset: the embedded PGlite database under PGLITE_DIR. */
  DATABASE_URL: optionalString,
  /** Where the embedded database keeps its files (local mode only). */
  PGLITE_DIR: blankAsUnset(z.string().default(".data/pglite")),
  /** Signs the built-in session cookie (local and self-hosted). At least 32 characters. */
  SESSION_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  /** Supabase project URL and anon (publishable) key: set both for hosted mode with Supabase Auth. */
  NEXT_PUBLIC_SUPABASE_URL: optionalUrl,
  NEXT_PUBLIC_SUPABASE_ANON_KEY: optionalString,
  /** Hosted deployments (Vercel) set VERCEL=1; hosted mode is then expected. */
  VERCEL: optionalString,
  /**
   * Seed a demo organization and user on first start (default: on in local mode). `started` seeds
   * its campaign already running instead of ready to start (for scripted demos and browser tests).
   */
  SEED_DEMO: blankAsUnset(z.enum(["true", "false", "started"]).optional()),
  /**
   * Set by `npm run dev`'s launcher for its own process only: its warm-up requests carry it and skip
   * the "preparing" page (development only; src/proxy.ts).
   */
  DIALER_WARMUP_TOKEN: optionalString,
  /** Bearer secret Vercel Cron sends to /api/cron/*. */
  CRON_SECRET: optionalString,
  /** Seconds between dialer ticks run inside the server (local and self-hosted without QStash); 0 turns it off. */
  DIALER_TICK_SECONDS: blankAsUnset(z.coerce.number().int().min(0).max(3600).default(15)),
  /** Upstash QStash (queue and schedules). Unset: in-process queue. */
  QSTASH_TOKEN: optionalString,
  QSTASH_URL: optionalUrl,
  QSTASH_CURRENT_SIGNING_KEY: optionalString,
  QSTASH_NEXT_SIGNING_KEY: optionalString,
  /** Voice providers. Unset: the call simulator. */
  RETELL_API_KEY: optionalString,
  RETELL_BASE_URL: optionalUrl,
  VAPI_API_KEY: optionalString,
  VAPI_BASE_URL: optionalUrl,
  /** The secret Vapi signs server messages with (HMAC credential) or sends as X-Vapi-Secret. */
  VAPI_WEBHOOK_SECRET: optionalString,
  /** Live calls each provider account allows at once (Retell pay-as-you-go 20, Vapi 10 by default). */
  RETELL_CONCURRENCY: blankAsUnset(z.coerce.number().int().min(1).max(10_000).default(20)),
  VAPI_CONCURRENCY: blankAsUnset(z.coerce.number().int().min(1).max(10_000).default(10)),
  /** Call simulator clock speed: 10 = ten times faster than real time. */
  SIMULATOR_SPEED: blankAsUnset(z.coerce.number().positive().max(10_000).default(10)),
  /** Simulator result mix, e.g. `answered=45,no_answer=25,voicemail=15,busy=10,failed=5`. */
  SIMULATOR_OUTCOMES: optionalString,
  /** Key the simulator signs its webhooks with. Unset: a random key per process (never leaves it). */
  SIMULATOR_WEBHOOK_KEY: optionalString,
  /** Port the server listens on (set by `next start`/hosts); the simulator posts to it when APP_URL is unset. */
  PORT: optionalString,
  /** Email. Unset: the outbox (stored and shown, never sent). */
  RESEND_API_KEY: optionalString,
  RESEND_BASE_URL: optionalUrl,
  RESEND_WEBHOOK_SECRET: optionalString,
  EMAIL_FROM: optionalString,
  /** Calendar. Unset: the built-in calendar from the organization's business hours. */
  CALCOM_API_KEY: optionalString,
  CALCOM_BASE_URL: optionalUrl,
  CALCOM_WEBHOOK_SECRET: optionalString,
  /** The Cal.com event type meetings are booked as (with CALCOM_API_KEY). */
  CALCOM_EVENT_TYPE_ID: blankAsUnset(z.coerce.number().int().positive().optional()),
  /** 32-byte key (base64 or hex) for secrets stored in the database (AES-256-GCM). */
  ENCRYPTION_KEY: optionalString,
  LOG_LEVEL: blankAsUnset(z.enum(["debug", "info", "warn", "error"]).default("info")),
});

export type ServerEnv = z.infer<typeof serverSchema>;

export type RunMode = "local" | "self-hosted" | "hosted";

export class EnvError extends Error {
  override name = "EnvError";
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n");
}

/** Parses an environment (process.env by default); throws EnvError with what to set. */
export function parseEnv(source: Record<string, string | undefined>): ServerEnv & { mode: RunMode } {
  const parsed = serverSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(`Invalid environment:\n${formatIssues(parsed.error)}`);
  }
  const env = parsed.data;
  const supabase = Boolean(env.NEXT_PUBLIC_SUPABASE_URL || env.NEXT_PUBLIC_SUPABASE_ANON_KEY);
  if (supabase && !(env.NEXT_PUBLIC_SUPABASE_URL && env.NEXT_PUBLIC_SUPABASE_ANON_KEY)) {
    throw new EnvError(
      "Supabase Auth needs both NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY; only one is set.",
    );
  }
  const hosted = supabase || Boolean(env.VERCEL);
  const mode: RunMode = hosted ? "hosted" : env.DATABASE_URL ? "self-hosted" : "local";
  if (mode === "hosted" && !env.DATABASE_URL) {
    throw new EnvError(
      "Hosted mode needs DATABASE_URL: set it to your Supabase transaction-pooler connection string " +
        "(Project Settings -> Database -> Connection string -> Transaction pooler, port 6543). " +
        "The embedded database cannot run on Vercel.",
    );
  }
  if (mode !== "local" && !env.APP_URL) {
    throw new EnvError(
      `${mode === "hosted" ? "Hosted" : "Self-hosted"} mode needs APP_URL: set it to the app's public origin ` +
        "(for example https://dialer.example.com). Links in invitations and emails are built from it, never " +
        "from a request's Host or X-Forwarded-Host header.",
    );
  }
  if (mode === "self-hosted" && !env.SESSION_SECRET) {
    throw new EnvError(
      "Self-hosted mode signs sessions with SESSION_SECRET: set it to a random string of at least 32 " +
        "characters (for example `openssl rand -base64 48`).",
    );
  }
  return { ...env, mode };
}

let cached: (ServerEnv & { mode: RunMode }) | undefined;

/** The validated server environment. Throws on first use when it is invalid. */
export function env(): ServerEnv & { mode: RunMode } {
  if (!cached) cached = parseEnv(process.env);
  return cached;
}

/**
 * The app's public origin without a trailing slash: APP_URL, else (local mode only; other modes
 * require APP_URL) this server on PORT at `fallback`: "localhost" for links people open,
 * "127.0.0.1" for the server calling itself. Never a request's Host or X-Forwarded-Host.
 */
export function appOrigin({ fallback }: { fallback: "localhost" | "127.0.0.1" }): string {
  const e = env();
  if (e.APP_URL) return e.APP_URL.replace(/\/+$/, "");
  return `http://${fallback}:${e.PORT ?? 3000}`;
}

/**
 * The interface to listen on: HOST when set; in local mode otherwise the loopback address, so a
 * laptop running the demo (with its published password) is not reachable from the network.
 * Undefined: Next's default, every interface (self-hosted and hosted sit behind their own network).
 */
export function listenHost(e: ServerEnv & { mode: RunMode } = env()): string | undefined {
  if (e.HOST) return e.HOST;
  return e.mode === "local" ? "127.0.0.1" : undefined;
}

/**
 * Local mode reachable from this machine only (HOST unset or a loopback address): the only place
 * the app shows what must stay on the laptop, such as the demo's password and the local mailbox.
 */
export function onThisMachineOnly(e: ServerEnv & { mode: RunMode } = env()): boolean {
  return e.mode === "local" && (!e.HOST || isLoopbackHost(e.HOST));
}

/** Whether a host name or address is this machine only (the loopback interface). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** Test hook: forget the cached environment so the next call re-reads process.env. */
export function resetEnvCache(): void {
  cached = undefined;
}

export type Integration = {
  name: string;
  using: string;
  simulated: boolean;
};

/** What each integration runs on, for the start-up log, the health route and the UI badge. */
export function integrations(e: ServerEnv & { mode: RunMode } = env()): Integration[] {
  return [
    {
      name: "database",
      using: e.DATABASE_URL ? "postgres" : `embedded PGlite (${e.PGLITE_DIR})`,
      simulated: !e.DATABASE_URL,
    },
    {
      name: "sign-in",
      using: e.NEXT_PUBLIC_SUPABASE_URL ? "supabase" : "built-in email + password",
      simulated: false,
    },
    {
      name: "voice",
      using:
        [e.RETELL_API_KEY && "retell", e.VAPI_API_KEY && "vapi"].filter(Boolean).join(" + ") || "simulator",
      simulated: !e.RETELL_API_KEY && !e.VAPI_API_KEY,
    },
    { name: "queue", using: e.QSTASH_TOKEN ? "qstash" : "in-process", simulated: false },
    {
      name: "tick",
      using: e.mode === "hosted" ? "vercel cron / qstash schedule" : "interval (instrumentation)",
      simulated: false,
    },
    { name: "email", using: e.RESEND_API_KEY ? "resend" : "outbox (not sent)", simulated: !e.RESEND_API_KEY },
    {
      name: "calendar",
      using: e.CALCOM_API_KEY ? "cal.com" : "built-in (business hours)",
      simulated: false,
    },
  ];
}

/** Public, non-secret facts the browser may see. */
export function publicRuntime() {
  const e = env();
  const simulated = integrations(e)
    .filter((i) => i.simulated)
    .map((i) => `${i.name}: ${i.using}`);
  return {
    mode: e.mode,
    simulated,
    supabaseUrl: e.NEXT_PUBLIC_SUPABASE_URL,
    supabaseAnonKey: e.NEXT_PUBLIC_SUPABASE_ANON_KEY,
  };
}
