import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter, once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const E2E_DIST_DIR = ".next-e2e";
export const SCREENSHOTS = path.resolve("tests/e2e/screenshots");

/** Why the browser tests cannot run here, or null when they can. CI never accepts a reason. */
export function e2eUnavailableReason(): string | null {
  if (!existsSync(path.join(E2E_DIST_DIR, "BUILD_ID"))) {
    return `no production build in ${E2E_DIST_DIR}: run the e2e tests through \`npm test\`, which builds first`;
  }
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export type AppServer = {
  url: string;
  port: number;
  dataDir: string;
  logs: string[];
  /** The first log output matching `pattern`, already printed or still to come (30 s at most). */
  waitForLog(pattern: RegExp): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
};

/**
 * Starts the built app in local mode the way `npm start` does (scripts/serve.ts: the launcher
 * that picks the interface and preloads the peer-address hook) on a free port with its own fresh
 * database. HOST is 127.0.0.1 unless `extraEnv` says otherwise ("" for the launcher's default).
 * PORT and APP_URL name that port, so what the app sends to itself (the call simulator's
 * webhooks, invite links) reaches this server; `extraEnv` overrides them.
 */
export async function startApp(extraEnv: Record<string, string> = {}): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dialer-e2e-"));
  const logs: string[] = [];
  const output = new EventEmitter();
  // Its own process group: the launcher starts Next as a child, and stop() ends them together.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "node_modules/tsx/dist/cli.mjs",
      "--tsconfig",
      "tsconfig.scripts.json",
      "scripts/serve.ts",
      "start",
      "-p",
      String(port),
    ],
    {
      env: {
        ...process.env,
        NEXT_DIST_DIR: E2E_DIST_DIR,
        PGLITE_DIR: path.join(dataDir, "pglite"),
        DATABASE_URL: "",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        APP_URL: url,
        HOST: "127.0.0.1",
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  const collect = (d: Buffer) => {
    logs.push(String(d));
    output.emit("data");
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = once(child, "exit");
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early:\n${logs.join("")}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      signalGroup("SIGKILL");
      throw new Error(`app did not become healthy:\n${logs.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    port,
    dataDir,
    logs,
    waitForLog(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = logs.join("").match(pattern);
          if (!match) return false;
          output.off("data", check);
          clearTimeout(timer);
          resolve(match);
          return true;
        };
        const timer = setTimeout(() => {
          output.off("data", check);
          reject(new Error(`no log output matched ${pattern} in 30 s`));
        }, 30_000);
        if (!check()) output.on("data", check);
      });
    },
    async stop() {
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Signs in through the sign-in page and waits for the dashboard. */
export async function signIn(
  page: Page,
  appUrl: string,
  user: { email: string; password: string },
): Promise<void> {
  await page.goto(`${appUrl}/sign-in`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/dashboard");
}

/**
 * Opens the demo campaign from the campaigns list and presses Start, as a newcomer does: the demo
 * is seeded ready but not started, so nothing is dialed before this.
 */
export async function startDemoCampaign(page: Page, appUrl: string, name: string): Promise<void> {
  await page.goto(`${appUrl}/campaigns`);
  await page.getByTestId("campaign-row").filter({ hasText: name }).getByRole("link", { name }).click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await page.getByRole("heading", { name }).waitFor();
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await page.getByText(/^Campaign started/).waitFor();
  await page.getByRole("button", { name: "Pause" }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Opens the link that finishes a sign-up and enters the password chosen for it. Local mode sends
 * no email: the app prints it to its log, which is where this reads the link from.
 */
export async function finishSignUp(
  app: AppServer,
  page: Page,
  email: string,
  password: string,
): Promise<void> {
  const escaped = email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const [, link] = await app.waitForLog(
    new RegExp(`email to ${escaped}[\\s\\S]*?(http\\S+/auth/confirm\\?token_hash=[\\w-]+&type=signup)`),
  );
  if (!link) throw new Error(`no sign-up link for ${email} in the app's log`);
  await page.goto(link);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Finish signing up" }).click();
}

/** Every CSP violation Chromium reports on a page, as the console lines it prints. */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
  page.on("worker", (worker) =>
    worker.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text()))
        violations.push(`worker: ${message.text()}`);
    }),
  );
  return violations;
}
