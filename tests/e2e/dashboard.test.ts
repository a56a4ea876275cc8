import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALL_OUTCOME_LABELS } from "@/components/campaigns/call-labels";
import { DEMO_CAMPAIGN_NAME, DEMO_USER } from "@/lib/services/demo/seed-demo";
import { type AppServer, e2eUnavailableReason, launchBrowser, screenshot, startApp } from "./harness";

const unavailable = e2eUnavailableReason();
if (unavailable && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable}`);
}

/*
 * After the demo campaign has run, the dashboard, the campaign's Results tab, the calls log and
 * the appointments page agree: calls placed = rows on /calls, meetings booked = calls whose
 * outcome is Booked = meetings on /appointments. Read once the campaign is paused and no call is
 * in flight, so nothing moves between the readings.
 */
describe.skipIf(Boolean(unavailable))(
  `dashboard in a real browser${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;

    beforeAll(async () => {
      app = await startApp({
        SEED_DEMO: "true",
        DIALER_TICK_SECONDS: "2",
        SIMULATOR_SPEED: "100",
        // Mostly answered, so meetings get booked; no "failed", which could trip the breaker.
        SIMULATOR_OUTCOMES: "answered=80,no_answer=10,busy=5,voicemail=5",
      });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    /** "3 / 5" on the campaign's progress card: calls not yet ended. */
    async function openCalls(page: Page): Promise<number> {
      await page.reload();
      const text = await page
        .getByText("Calls in flight", { exact: true })
        .locator("xpath=following-sibling::span[1]")
        .textContent();
      return Number((text ?? "").split("/")[0]?.trim());
    }

    /** Every row of a paginated list, page by page: each row's cells by column header. */
    async function allRows(page: Page, url: string, testId: string): Promise<Record<string, string>[]> {
      await page.goto(url);
      const rows: Record<string, string>[] = [];
      for (;;) {
        await page.locator("main").waitFor();
        const headers = (await page.locator("thead th").allTextContents()).map((h) => h.trim());
        const cells = await page
          .getByTestId(testId)
          .evaluateAll((trs) =>
            trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim())),
          );
        for (const row of cells) rows.push(Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ""])));
        const next = page.getByRole("link", { name: "Next page" });
        if ((await next.count()) === 0) return rows;
        const before = page.url();
        await next.click();
        await page.waitForURL((u) => u.toString() !== before);
      }
    }

    const isBooked = (row: Record<string, string>) => row.Outcome === CALL_OUTCOME_LABELS.booked;

    async function figure(page: Page, key: string): Promise<number> {
      const text = await page.getByTestId(`figure-${key}`).getByTestId("figure-value").textContent();
      return Number((text ?? "").replace(/[^0-9.]/g, ""));
    }

    it("runs the demo campaign; the dashboard and the Results tab agree with the calls log and the appointments", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${app.url}/sign-in`);
      await page.getByLabel("Email").fill(DEMO_USER.email);
      await page.getByLabel("Password").fill(DEMO_USER.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL("**/dashboard");

      await page.goto(`${app.url}/campaigns`);
      await page
        .getByTestId("campaign-row")
        .filter({ hasText: DEMO_CAMPAIGN_NAME })
        .getByRole("link", { name: DEMO_CAMPAIGN_NAME })
        .click();
      await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
      const campaignUrl = page.url();
      // Whatever state the seed left it in, set it calling (a draft starts, a paused one resumes).
      for (const label of ["Start", "Resume"]) {
        const button = page.getByRole("button", { name: label, exact: true });
        if (await button.isVisible()) {
          await button.click();
          await page.getByRole("button", { name: "Pause" }).waitFor();
        }
      }

      // Let it call until a meeting is booked, then pause it and wait for the calls in flight to end.
      await expect
        .poll(async () => (await allRows(page, `${app.url}/calls`, "call-row")).some(isBooked), {
          timeout: 90_000,
          interval: 1000,
        })
        .toBe(true);
      await page.goto(campaignUrl);
      await page.getByRole("button", { name: "Pause" }).click();
      await page.getByRole("button", { name: "Resume" }).waitFor();
      await expect.poll(() => openCalls(page), { timeout: 60_000, interval: 1000 }).toBe(0);

      // A call's analysis (its outcome) may follow its end by a moment: read until two readings
      // of the calls log in a row agree, then compare everything against that one reading.
      let calls: Record<string, string>[] = [];
      await expect
        .poll(
          async () => {
            const before = calls;
            calls = await allRows(page, `${app.url}/calls`, "call-row");
            return before.length > 0 && JSON.stringify(before) === JSON.stringify(calls);
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBe(true);
      const bookedInLog = calls.filter(isBooked).length;
      const appointments = [
        ...(await allRows(page, `${app.url}/appointments`, "appointment-row")),
        ...(await allRows(page, `${app.url}/appointments?tab=past`, "appointment-row")),
      ];
      expect(calls.length).toBeGreaterThan(0);
      expect(bookedInLog).toBeGreaterThan(0);
      expect(appointments.length).toBe(bookedInLog);

      // The dashboard, for the last 7 days (the demo's calls are all minutes old).
      await page.goto(`${app.url}/dashboard?period=7d`);
      await page.getByTestId("figure-cards").waitFor();
      expect(await figure(page, "placed")).toBe(calls.length);
      expect(await figure(page, "booked")).toBe(bookedInLog);
      // The demo's calls are simulated, and the page says so.
      await expect.poll(() => page.getByTestId("simulated-note").count()).toBeGreaterThan(0);
      const row = page.getByTestId("campaign-results-row").filter({ hasText: DEMO_CAMPAIGN_NAME });
      await expect.poll(() => row.count()).toBe(1);
      await screenshot(page, "60-dashboard");

      // The campaign's Results tab.
      await page.goto(campaignUrl);
      await page.getByRole("link", { name: "Results" }).click();
      await page.waitForURL(/\/results$/);
      await page.getByTestId("figure-cards").waitFor();
      expect(await figure(page, "placed")).toBe(calls.length);
      expect(await figure(page, "booked")).toBe(bookedInLog);
      await page.getByTestId("chart-attempts").waitFor();
      await screenshot(page, "61-campaign-results");

      // On a phone: nothing wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      for (const url of [`${app.url}/dashboard`, campaignUrl.replace(/$/, "/results")]) {
        await page.goto(url);
        await page.getByTestId("figure-cards").waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, url).toBeLessThanOrEqual(0);
      }
      await screenshot(page, "62-campaign-results-phone");
      // Dark mode (the system's), on the phone.
      await page.emulateMedia({ colorScheme: "dark" });
      await page.goto(`${app.url}/dashboard`);
      await page.getByTestId("figure-cards").waitFor();
      await screenshot(page, "63-dashboard-dark-phone");
      await context.close();
    });
  },
);
