import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CAMPAIGN_NAME, DEMO_USER } from "@/lib/services/demo/seed-demo";
import { type AppServer, e2eUnavailableReason, launchBrowser, screenshot, signIn, startApp } from "./harness";

const unavailable = e2eUnavailableReason();
if (unavailable && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable}`);
}

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Waits until React has hydrated the element (its HTML alone shows earlier than its handlers). */
async function hydrated(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return Boolean(el && Object.keys(el).some((key) => key.startsWith("__reactProps")));
  }, selector);
}

describe.skipIf(Boolean(unavailable))(
  `call review and the activity feed in a real browser${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;
    let signedIn: Awaited<ReturnType<BrowserContext["storageState"]>>;
    let reviewedCall = "";

    beforeAll(async () => {
      // The demo campaign calls through the simulator, fast and always answered, so calls to
      // review arrive within seconds.
      app = await startApp({
        SEED_DEMO: "true",
        DIALER_TICK_SECONDS: "2",
        SIMULATOR_SPEED: "100",
        SIMULATOR_OUTCOMES: "answered=100",
      });
      browser = await launchBrowser();
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, app.url, DEMO_USER);
      signedIn = await context.storageState();
      await context.close();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it("adds a tag, reviews an answered call with a score, the tag and the coaching flag, and finds it in the queues", async () => {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        storageState: signedIn,
      });
      const page = await context.newPage();

      // Settings › Review tags.
      await page.goto(`${app.url}/settings`);
      await page.getByRole("heading", { name: "Review tags" }).waitFor();
      await hydrated(page, "#review-tags form button[type=submit]");
      await page.getByLabel("New tag").fill("Great close");
      await page.getByRole("button", { name: "Add tag" }).click();
      await page.getByText("Tag “Great close” added.").waitFor();

      // The Reviews view lists answered calls nobody has reviewed; wait for the first.
      await page.goto(`${app.url}/calls/reviews`);
      await page.getByRole("heading", { name: "Call reviews" }).waitFor();
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.getByTestId("review-row").count();
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toBeGreaterThan(0);
      await screenshot(page, "70-reviews-to-review-1440");
      expect(await sideways(page)).toBe(0);
      const link = page.getByTestId("review-row").first().locator("a").first();
      reviewedCall = (await link.getAttribute("href"))?.split("/").pop() ?? "";
      expect(reviewedCall).toMatch(/^[0-9a-f-]{36}$/);
      await link.click();
      await page.waitForURL(`**/calls/${reviewedCall}`);

      // The review card: four stars, the tag, a note, flagged.
      const card = page.getByTestId("call-review");
      await card.getByRole("heading", { name: "Review" }).waitFor();
      await hydrated(page, "[data-testid=review-form] button[type=submit]");
      await card.getByRole("radio", { name: "4: Good" }).click();
      await card.getByRole("button", { name: "Great close" }).click();
      await card.getByLabel("Notes").fill("Clear next step; keep the opener shorter.");
      await card.getByRole("switch").click();
      await card.getByRole("button", { name: "Save review" }).click();
      await page.getByText("Review saved.").waitFor();
      await page.reload();
      await card.getByText("Reviewed by Dana Demo").waitFor();
      expect(await card.getByRole("radio", { name: "4: Good" }).getAttribute("aria-checked")).toBe("true");
      expect(await card.getByRole("button", { name: "Great close" }).getAttribute("aria-pressed")).toBe(
        "true",
      );
      await screenshot(page, "71-call-review-1440");
      expect(await sideways(page)).toBe(0);

      // It left the "to review" queue and is in the flagged one, with its score and tag.
      await page.goto(`${app.url}/calls/reviews?queue=flagged`);
      const row = page
        .getByTestId("review-row")
        .filter({ has: page.locator(`a[href="/calls/${reviewedCall}"]`) });
      await row.waitFor();
      expect(await row.textContent()).toContain("Great close");
      expect(await row.getByRole("img", { name: "4 of 5: Good" }).count()).toBe(1);
      await page.goto(`${app.url}/calls/reviews`);
      await page.getByRole("heading", { name: "Call reviews" }).waitFor();
      expect(await page.locator(`[data-testid=review-row] a[href="/calls/${reviewedCall}"]`).count()).toBe(0);
      await context.close();
    });

    it("pauses the campaign, and the activity feed shows the pause, the review and the tag, filtered by kind", async () => {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        storageState: signedIn,
      });
      const page = await context.newPage();
      await page.goto(`${app.url}/campaigns`);
      await page.getByRole("link", { name: DEMO_CAMPAIGN_NAME }).first().click();
      await page.getByRole("button", { name: "Pause" }).waitFor();
      await hydrated(page, "main button");
      await page.getByRole("button", { name: "Pause" }).click();
      await page.getByRole("button", { name: "Resume" }).waitFor();

      await page.goto(`${app.url}/activity`);
      await page.getByRole("heading", { name: "Activity", exact: true }).waitFor();
      const items = page.getByTestId("activity-item");
      const texts = await items.allTextContents();
      const paused = texts.findIndex((t) => t.includes(`paused campaign “${DEMO_CAMPAIGN_NAME}”`));
      const reviewed = texts.findIndex((t) => t.includes("reviewed a call"));
      const tagged = texts.findIndex((t) => t.includes("added a review tag"));
      // Newest first, each by the demo user.
      expect(paused).toBeGreaterThanOrEqual(0);
      expect(reviewed).toBeGreaterThan(paused);
      expect(tagged).toBeGreaterThan(reviewed);
      expect(texts[reviewed]).toContain("Dana Demo");
      expect(texts[reviewed]).toContain("Score 4 of 5, flagged for coaching");
      // Each line links to its object.
      expect(await items.nth(reviewed).locator(`a[href="/calls/${reviewedCall}"]`).count()).toBe(1);
      expect(await items.nth(paused).locator('a[href^="/campaigns/"]').count()).toBe(1);
      await screenshot(page, "72-activity-1440");
      expect(await sideways(page)).toBe(0);

      await page.goto(`${app.url}/activity?kind=reviews`);
      await page.getByTestId("activity-item").first().waitFor();
      const reviews = await page.getByTestId("activity-item").allTextContents();
      expect(reviews.length).toBe(1);
      expect(reviews[0]).toContain("reviewed a call");
      await context.close();
    });

    it("shows the review queue, a reviewed call and the activity feed without sideways scrolling at 390 px", async () => {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        storageState: signedIn,
      });
      const page = await context.newPage();
      await page.goto(`${app.url}/calls/reviews?queue=reviewed`);
      await page.getByTestId("review-item").first().waitFor();
      expect(await sideways(page)).toBe(0);
      await screenshot(page, "73-reviews-390");
      await page.goto(`${app.url}/calls/${reviewedCall}`);
      await page.getByTestId("call-review").waitFor();
      expect(await sideways(page)).toBe(0);
      await screenshot(page, "74-call-review-390");
      await page.goto(`${app.url}/activity`);
      await page.getByTestId("activity-item").first().waitFor();
      expect(await sideways(page)).toBe(0);
      await screenshot(page, "75-activity-390");
      await context.close();
    });
  },
);
