import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER } from "@/lib/services/demo/seed-demo";
import {
  type AppServer,
  e2eUnavailableReason,
  launchBrowser,
  screenshot,
  startApp,
  watchCsp,
} from "./harness";

const unavailable = e2eUnavailableReason();
if (unavailable && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable}`);
}

const CRON_SECRET = "e2e-cron-secret-0123456789-abcdefghij";

async function signIn(page: Page, base: string, path = "/sign-in") {
  await page.goto(`${base}${path}`);
  await page.getByLabel("Email").fill(DEMO_USER.email);
  await page.getByLabel("Password").fill(DEMO_USER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A signed-in browser context (the demo owner). */
async function signedIn(browser: Browser, base: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, base);
  await page.waitForURL("**/dashboard");
  await page.close();
  return context;
}

/** The machine's first non-loopback IPv4 address, or null on a machine without one. */
function lanAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return null;
}

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return true;
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === "ECONNREFUSED") return false;
    throw error;
  }
}

// Skipped only outside CI, and only for the stated reason (no build or no Chromium on this machine).
describe.skipIf(Boolean(unavailable))(
  `security in a real browser${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;

    beforeAll(async () => {
      app = await startApp({ SEED_DEMO: "true", CRON_SECRET, DIALER_TICK_SECONDS: "0" });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it("sends security headers with pages, API routes and static files, HSTS only over https", async () => {
      const page = await fetch(`${app.url}/sign-in`);
      const html = await page.text();
      const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script, "a Next.js script on the sign-in page").toBeTruthy();
      const responses = {
        page,
        redirect: await fetch(`${app.url}/settings`, { redirect: "manual" }),
        api: await fetch(`${app.url}/api/health`),
        publicFile: await fetch(`${app.url}/robots.txt`, { redirect: "manual" }),
        nextStatic: await fetch(`${app.url}${script}`),
      };
      for (const [name, res] of Object.entries(responses)) {
        const h = res.headers;
        expect(h.get("x-content-type-options"), name).toBe("nosniff");
        expect(h.get("x-frame-options"), name).toBe("DENY");
        expect(h.get("referrer-policy"), name).toBe("same-origin");
        expect(h.get("content-security-policy"), name).toContain("frame-ancestors 'none'");
        // Plain http (this is 127.0.0.1): no HSTS.
        expect(h.get("strict-transport-security"), name).toBeNull();
      }
      expect(responses.redirect.status).toBe(307);
      expect(responses.publicFile.status).toBe(200);
      for (const name of ["api", "publicFile", "nextStatic"] as const) {
        expect(responses[name].headers.get("content-security-policy"), name).toMatch(/^default-src 'none'/);
      }
      // Build output may load scripts from this origin (a worker runs under its script's CSP).
      expect(responses.nextStatic.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(responses.api.headers.get("content-security-policy")).not.toContain("script-src");

      // A page's scripts run by nonce only: fresh per response, on every script tag it sends.
      const csp = page.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
      expect(scriptSrc).toContain("'strict-dynamic'");
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
      const again = (await fetch(`${app.url}/sign-in`)).headers.get("content-security-policy");
      expect(/'nonce-([^']+)'/.exec(again ?? "")?.[1]).not.toBe(nonce);

      // Behind a TLS proxy (X-Forwarded-Proto: https) every kind of response carries HSTS.
      for (const path of ["/sign-in", "/api/health", "/robots.txt"]) {
        const res = await fetch(`${app.url}${path}`, { headers: { "x-forwarded-proto": "https" } });
        expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000");
      }
    });

    it("lands on this origin after signing in, whatever `next` the link carried", async () => {
      for (const next of [
        "/\\evil.example/phish",
        "/\t/evil.example",
        "//evil.example/x",
        "/%5Cevil.example",
      ]) {
        const context = await browser.newContext();
        const page = await context.newPage();
        // Were the browser sent away, this answers instead of the real evil.example.
        await context.route(
          (url) => url.hostname === "evil.example",
          (route) => route.fulfill({ body: "phished" }),
        );
        await signIn(page, app.url, `/sign-in?next=${encodeURIComponent(next)}`);
        await page.waitForURL((u) => u.hostname === "evil.example" || u.pathname === "/dashboard");
        expect(new URL(page.url()).origin, JSON.stringify(next)).toBe(app.url);
        await context.close();
      }
      // A safe `next` is still honoured.
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, app.url, `/sign-in?next=${encodeURIComponent("/leads?q=ann")}`);
      await page.waitForURL("**/leads?q=ann");
      await context.close();
    });

    it("redirects a signed-in visitor of /sign-in only within this origin", async () => {
      const context = await signedIn(browser, app.url);
      const payloads = [
        "//evil.example/x",
        "/\\evil.example",
        "/\t/evil.example",
        "https://evil.example",
        "javascript:alert(1)",
      ];
      for (const next of payloads) {
        const res = await context.request.get(`${app.url}/sign-in?next=${encodeURIComponent(next)}`, {
          maxRedirects: 0,
        });
        expect(res.status(), JSON.stringify(next)).toBe(307);
        const location = res.headers().location ?? "";
        expect(new URL(location, app.url).origin, `${JSON.stringify(next)} -> ${location}`).toBe(app.url);
      }
      const ok = await context.request.get(`${app.url}/sign-in?next=%2Fsettings`, { maxRedirects: 0 });
      expect(ok.headers().location).toMatch(/^(http:\/\/127\.0\.0\.1:\d+)?\/settings$/);
      await context.close();
    });

    it("runs sign-in, dashboard, leads, the CSV import worker, settings and the sandboxed email preview without a CSP violation", async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const violations = watchCsp(page);

      // The sign-in button stays disabled until React has hydrated: signing in proves the scripts ran.
      await signIn(page, app.url);
      await page.waitForURL("**/dashboard");
      await page.getByTestId("user-menu").click();
      await page.getByTestId("sign-out").waitFor();
      await page.keyboard.press("Escape");

      await page.goto(`${app.url}/leads`);
      await page.getByLabel("Search leads").fill("Maria");
      await page.waitForURL(/[?&]q=Maria/);

      // The CSV import parses in a module worker, which runs under its own script's CSP.
      await page.goto(`${app.url}/leads/import`);
      await page.getByTestId("csv-input").setInputFiles({
        name: "few.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("Name,Digits\nAnn,2125550101\n"),
      });
      await page.getByTestId("mapping-problems").waitFor();

      await page.goto(`${app.url}/settings`);
      await page.getByRole("button", { name: "Send test to me" }).first().click();
      await page.getByText("Stored in the outbox (local mode): nothing was sent.").waitFor();

      await page.goto(`${app.url}/outbox`);
      await page.getByTestId("email-row").first().locator("a[href^='/outbox/']").first().click();
      await page.waitForURL(/\/outbox\/[0-9a-f-]{36}$/);
      const frame = page.locator("iframe[data-testid=email-html]");
      expect(await frame.getAttribute("sandbox")).toBe("");
      await page.frameLocator("iframe[data-testid=email-html]").locator("body").waitFor();
      expect(
        (await page.frameLocator("iframe[data-testid=email-html]").locator("body").textContent())?.length,
      ).toBeGreaterThan(20);
      // The preview runs nothing: a sandbox without allow-scripts.
      const frameRuns = await page.evaluate(() => {
        const f = document.querySelector<HTMLIFrameElement>("iframe[data-testid=email-html]");
        return f?.sandbox.contains("allow-scripts") || f?.sandbox.contains("allow-same-origin");
      });
      expect(frameRuns).toBe(false);
      await page.getByRole("tab", { name: "Plain text" }).click();
      await page.getByTestId("email-text").waitFor();
      await screenshot(page, "40-security-outbox-preview");

      expect(violations).toEqual([]);
      await context.close();
    });

    it("cannot be framed by another origin, even with the session cookie", async () => {
      const context = await signedIn(browser, app.url);
      // Another port is another origin, but the same site: Lax cookies would be sent along.
      const framer: Server = createServer((_, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(
          `<!doctype html><title>framer</title><iframe src="${app.url}/settings" width="800" height="600"></iframe>`,
        );
      });
      await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
      const { port } = framer.address() as AddressInfo;
      const page = await context.newPage();
      const refusals: string[] = [];
      page.on("console", (m) => {
        if (m.text().includes("frame-ancestors")) refusals.push(m.text());
      });
      await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: "load" });
      const settings = page.frames().filter((f) => f !== page.mainFrame());
      expect(settings).toHaveLength(1);
      const shown = await settings[0]?.evaluate(() => document.body?.textContent ?? "").catch(() => "");
      expect(shown).not.toContain("Settings");
      expect(refusals.length).toBeGreaterThan(0);
      await new Promise((resolve) => framer.close(resolve));
      await context.close();
    });

    it("tells anonymous callers of /api/health only status and mode; details to an admin or the cron secret", async () => {
      const anonymous = await (await fetch(`${app.url}/api/health`)).json();
      expect(anonymous).toEqual({ status: "ok", mode: "local" });
      const wrong = await (
        await fetch(`${app.url}/api/health`, { headers: { authorization: "Bearer not-the-secret" } })
      ).json();
      expect(wrong).toEqual({ status: "ok", mode: "local" });

      const withSecret = await (
        await fetch(`${app.url}/api/health`, { headers: { authorization: `Bearer ${CRON_SECRET}` } })
      ).json();
      expect(withSecret.integrations.map((i: { name: string }) => i.name)).toContain("voice");
      expect(withSecret.database.ok).toBe(true);

      const context = await signedIn(browser, app.url);
      const asAdmin = await (await context.request.get(`${app.url}/api/health`)).json();
      expect(asAdmin.integrations.length).toBeGreaterThan(0);
      await context.close();
    });

    it("answers a sign-up for a taken address exactly as for a new one, and emails the owner", async () => {
      const answer = async (email: string) => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${app.url}/sign-up`);
        await page.getByLabel("Your name").fill("Sam Probe");
        await page.getByLabel("Company").fill("Probe Co");
        await page.getByLabel("Work email").fill(email);
        await page.getByLabel("Password").fill("probe-password-1");
        await page.getByRole("button", { name: "Create account" }).click();
        const panel = page.getByTestId("check-email");
        await panel.waitFor();
        const text = (await panel.textContent()) ?? "";
        const cookies = (await context.cookies()).map((c) => c.name);
        await context.close();
        return { text: text.replace(email, "<email>"), cookies };
      };
      const taken = await answer(DEMO_USER.email);
      const fresh = await answer("someone-new@probe.test");
      expect(taken).toEqual(fresh);
      expect(taken.cookies).toEqual([]);
      // The owner of the taken address is told, through the mail port (the local outbox log).
      await app.waitForLog(
        new RegExp(`email to ${DEMO_USER.email.replace(".", "\\.")}\\s+Subject: You already have an account`),
      );
    });

    // Last: it spends this server's sign-in allowance for 127.0.0.1.
    it("does not let a rotating X-Forwarded-For escape the per-client limit", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      let answer = "";
      for (let i = 1; i <= 31 && !answer.startsWith("Too many"); i++) {
        await page.setExtraHTTPHeaders({
          "x-forwarded-for": `203.0.113.${i}`,
          "x-real-ip": `203.0.113.${i}`,
        });
        await page.goto(`${app.url}/sign-in`);
        await page.getByLabel("Email").fill(`spray-${i}@probe.test`);
        await page.getByLabel("Password").fill("wrong-password");
        await page.getByRole("button", { name: "Sign in" }).click();
        const alert = page.locator('[data-slot="alert"][role="alert"]');
        await alert.waitFor();
        answer = (await alert.textContent()) ?? "";
      }
      expect(answer).toMatch(/^Too many sign-in attempts/);
      await context.close();
    });
  },
);

describe.skipIf(Boolean(unavailable))(
  `local mode on the network${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    const lan = lanAddress();

    it("listens on 127.0.0.1 only, and builds links from its own address, never a forwarded host", async () => {
      // HOST and APP_URL unset, as after `npm start` on a laptop.
      const app = await startApp({ HOST: "", APP_URL: "", SEED_DEMO: "true", DIALER_TICK_SECONDS: "0" });
      const browser = await launchBrowser();
      try {
        expect(await reachable(`${app.url}/api/health`)).toBe(true);
        if (lan) expect(await reachable(`http://${lan}:${app.port}/api/health`)).toBe(false);
        else console.warn("no non-loopback IPv4 address on this machine: the LAN check was skipped");

        const context = await signedIn(browser, app.url);
        // Settings shows webhook URLs built from the app's origin: a forwarded host changes nothing.
        const settings = await context.request.get(`${app.url}/settings`, {
          headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
        });
        const html = await settings.text();
        expect(html).not.toContain("evil.example");
        expect(html).toContain(`http://localhost:${app.port}/api/webhooks/`);
        // An invitation link names the app's own origin, not the address the request came in on.
        const page = await context.newPage();
        await page.goto(`${app.url}/settings`);
        await page.getByRole("button", { name: "Invite member" }).click();
        await page.getByLabel("Email").fill("newhire@probe.test");
        await page.getByRole("button", { name: "Create invitation" }).click();
        const link = await page.getByTestId("invite-link").inputValue();
        expect(link).toMatch(new RegExp(`^http://localhost:${app.port}/invite/`));
        await context.close();
      } finally {
        await browser.close();
        await app.stop();
      }
    });

    it.skipIf(!lan)(
      `with HOST=0.0.0.0 is reachable on the network and warns loudly about the demo account${lan ? "" : " (skipped: this machine has no non-loopback IPv4 address)"}`,
      async () => {
        const app = await startApp({ HOST: "0.0.0.0", SEED_DEMO: "true", DIALER_TICK_SECONDS: "0" });
        try {
          expect(await reachable(`http://${lan}:${app.port}/api/health`)).toBe(true);
          await app.waitForLog(/HOST=0\.0\.0\.0: this local-mode server is reachable from your network/);
          expect(app.logs.join("")).toContain(`with its published password "${DEMO_USER.password}"`);
          // And the sign-in page does not print the password for the network to read.
          const page = await (await fetch(`http://${lan}:${app.port}/sign-in`)).text();
          expect(page).not.toContain(DEMO_USER.password);
        } finally {
          await app.stop();
        }
      },
    );
  },
);
