import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALL_RESULT_LABELS } from "@/components/campaigns/call-labels";
import {
  DEMO_CALLING_WINDOW,
  DEMO_CAMPAIGN_NAME,
  DEMO_LEADS,
  DEMO_USER,
} from "@/lib/services/demo/seed-demo";
import { type AppServer, e2eUnavailableReason, launchBrowser, screenshot, signIn, startApp } from "./harness";

const unavailable = e2eUnavailableReason();
if (unavailable && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable}`);
}

// The demo campaign calls inside DEMO_CALLING_WINDOW in each lead's zone. The app under test runs
// on the real clock (it is a whole server, not a function given \`now\`), so the test reads the same
// clock once to choose its leads: the one deepest inside its calling hours and the one deepest
// outside them. The seed spreads its leads so that both exist, each at least an hour from the
// window's edges, at every quarter hour of the year (seed-demo.test.ts, with set clocks): no case
// depends on the hour the suite runs at.
function localMinute(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return part("hour") * 60 + part("minute");
}

/** The demo lead deepest inside (or, \`night\`, outside) its calling hours at \`at\`. */
function demoLead(at: Date, night: boolean): string {
  const { startMinute, endMinute } = DEMO_CALLING_WINDOW;
  const depth = (zone: string) => {
    const m = localMinute(zone, at);
    const inside = Math.min(m - startMinute, endMinute - m);
    return night ? -inside : inside;
  };
  const [lead] = [...DEMO_LEADS].sort((a, b) => depth(b[3]) - depth(a[3]));
  if (!lead || depth(lead[3]) < 60)
    throw new Error(
      `no demo lead an hour ${night ? "outside" : "inside"} its calling hours at ${at.toISOString()}`,
    );
  return `${lead[0]} ${lead[1]}`;
}

const STARTED = new Date();
const DAY_LEAD = demoLead(STARTED, false);
const NIGHT_LEAD = demoLead(STARTED, true);

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
      // The dialer's timer is off: the demo campaign calls nobody until "Call now" queues a tick.
      // The simulator is fast and always answers, so the call is reviewable within seconds.
      app = await startApp({
        // Running from the start, so the first tick is the one "Call now" queues (pressing Start
        // would queue one that calls every lead inside its hours first).
        SEED_DEMO: "started",
        DIALER_TICK_SECONDS: "0",
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

    it("places one call now from a lead page and watches it arrive there", async () => {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        storageState: signedIn,
      });
      const page = await context.newPage();
      await page.goto(`${app.url}/leads?q=${encodeURIComponent(DAY_LEAD.split(" ")[1] ?? "")}`);
      await page.getByRole("link", { name: DAY_LEAD }).first().click();
      await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
      await hydrated(page, "main button");
      await page.getByRole("button", { name: "Call now" }).click();
      await page.getByText("Calling now: the call shows here in a moment.").waitFor();
      // The page refreshes itself while the call is due or live: no reload here.
      const row = page.getByTestId("call-row").first();
      await row.waitFor({ timeout: 60_000 });
      await expect
        .poll(() => row.textContent(), { timeout: 60_000, interval: 1_000 })
        .toContain(CALL_RESULT_LABELS.answered);
      reviewedCall =
        (await row.locator('a[href^="/calls/"]').first().getAttribute("href"))?.split("/").pop() ?? "";
      expect(reviewedCall).toMatch(/^[0-9a-f-]{36}$/);
      await screenshot(page, "69-lead-call-now-1440");
      await context.close();
    });

    it("offers the next allowed time for a lead at night and schedules it only when accepted", async () => {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        storageState: signedIn,
      });
      const page = await context.newPage();
      await page.goto(`${app.url}/leads?q=${encodeURIComponent(NIGHT_LEAD.split(" ")[1] ?? "")}`);
      await page.getByRole("link", { name: NIGHT_LEAD }).first().click();
      await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
      await hydrated(page, "main button");
      await page.getByRole("button", { name: "Call now" }).click();
      const dialog = page.getByRole("alertdialog");
      await dialog.getByText("Outside the lead's calling hours").waitFor();
      await dialog.getByRole("button", { name: "Schedule it then" }).click();
      await page.getByText(/^Scheduled for .* the lead's time\.$/).waitFor();
      await context.close();
    });

    it("adds a tag, reviews the call with a score, the tag and the coaching flag, and finds it in the queues", async () => {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        storageState: signedIn,
      });
      const page = await context.newPage();

      // Settings › Review tags.
      await page.goto(`${app.url}/settings`);
      await page.getByText("Review tags", { exact: true }).waitFor();
      await hydrated(page, "#review-tags form button[type=submit]");
      await page.getByLabel("New tag").fill("Great close");
      await page.getByRole("button", { name: "Add tag" }).click();
      await page.getByText("Tag “Great close” added.").waitFor();

      // The Reviews view lists the answered call nobody has reviewed.
      await page.goto(`${app.url}/calls/reviews`);
      await page.getByRole("heading", { name: "Call reviews" }).waitFor();
      const link = page.locator(`[data-testid=review-row] a[href="/calls/${reviewedCall}"]`);
      await link.waitFor();
      await screenshot(page, "70-reviews-to-review-1440");
      expect(await sideways(page)).toBe(0);
      await link.click();
      await page.waitForURL(`**/calls/${reviewedCall}`);

      // The review card: four stars, the tag, a note, flagged.
      const card = page.getByTestId("call-review");
      await card.getByText("Review", { exact: true }).waitFor();
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

    it("pauses the campaign, and the activity feed shows the pause, the review, the tag and the call now", async () => {
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
      const calledNow = texts.findIndex((t) => t.includes("called a lead now"));
      expect(calledNow).toBeGreaterThan(tagged);
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
