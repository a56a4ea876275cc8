import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CAMPAIGN_NAME, DEMO_USER } from "@/lib/services/demo/seed-demo";
import { type AppServer, e2eUnavailableReason, launchBrowser, screenshot, signIn, startApp } from "./harness";

const unavailable = e2eUnavailableReason();
if (unavailable && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable}`);
}

/**
 * The README's promise to a newcomer, with the app as `npm start` runs it (default tick and
 * simulator speed): sign in, find the demo campaign ready and nothing dialed yet, press Start,
 * and calls appear within a minute. The demo's leads are spread so that some are inside their
 * calling hours at any hour (seed-demo.test.ts checks every quarter hour with set clocks), so
 * this holds whenever it runs.
 */
describe.skipIf(Boolean(unavailable))(
  `the demo's first minute${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;

    beforeAll(async () => {
      app = await startApp({ SEED_DEMO: "true" });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it("sign in, open the demo campaign, press Start, and calls appear", async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await signIn(page, app.url, DEMO_USER);

      // Nothing was dialed before anyone signed in.
      await page.goto(`${app.url}/calls`);
      await page.getByText("No calls yet").waitFor();

      await page.getByRole("link", { name: "Campaigns" }).first().click();
      await page.waitForURL("**/campaigns");
      await page
        .getByTestId("campaign-row")
        .filter({ hasText: DEMO_CAMPAIGN_NAME })
        .getByRole("link", { name: DEMO_CAMPAIGN_NAME })
        .click();
      await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
      await page.getByRole("heading", { name: DEMO_CAMPAIGN_NAME }).waitFor();
      // Ready, with someone to call right now.
      const callableNow = Number(
        await page
          .getByText("Callable now", { exact: true })
          .locator("xpath=preceding-sibling::div[1]")
          .textContent(),
      );
      expect(callableNow).toBeGreaterThan(0);
      await screenshot(page, "10-first-minute-ready");

      await page.getByRole("button", { name: "Start", exact: true }).click();
      await page.getByText(/^Campaign started/).waitFor();

      // Start queues a tick at once: the first calls are placed within seconds, well inside the
      // minute (the wait is on the calls themselves, not on a clock).
      await expect
        .poll(
          async () => {
            await page.goto(`${app.url}/calls`);
            await page.getByRole("heading", { name: "Calls", exact: true }).waitFor();
            return page.getByTestId("call-row").count();
          },
          { timeout: 60_000, interval: 1000 },
        )
        .toBeGreaterThan(0);
      await screenshot(page, "11-first-minute-calls");
      await context.close();
    });

    it("the log stays quiet: no supabase-js warning and no failed webhook delivery", () => {
      const log = app.logs.join("");
      expect(log).not.toMatch(/Node\.js 20 and below are deprecated/);
      expect(log).not.toMatch(/webhook delivery failed/);
      expect(log).toMatch(/embedded database ready/);
    });
  },
);
