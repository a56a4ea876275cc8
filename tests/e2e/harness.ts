import { type ChildProcess, spawn } from "node:child_process";
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

export type AppServer = { url: string; dataDir: string; logs: string[]; stop(): Promise<void> };

/**
 * Starts the built app in local mode (`next start`) on a free port with its own fresh database.
 * PORT and APP_URL name that port, so what the app sends to itself (the call simulator's
 * webhooks, invite links) reaches this server; `extraEnv` overrides them.
 */
export async function startApp(extraEnv: Record<string, string> = {}): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "dialer-e2e-"));
  const logs: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        NEXT_DIST_DIR: E2E_DIST_DIR,
        PGLITE_DIR: path.join(dataDir, "pglite"),
        DATABASE_URL: "",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        APP_URL: url,
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d) => logs.push(String(d)));
  child.stderr?.on("data", (d) => logs.push(String(d)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early:\n${logs.join("")}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`app did not become healthy:\n${logs.join("")}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    dataDir,
    logs,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      if (child.exitCode === null) child.kill("SIGKILL");
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

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
