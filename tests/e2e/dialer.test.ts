import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALL_OUTCOME_LABELS, CALL_RESULT_LABELS } from "@/components/campaigns/call-labels";
import { LEAD_STATUS_LABELS } from "@/components/leads/lead-labels";
import { DEMO_CAMPAIGN_NAME, DEMO_LEADS, DEMO_USER } from "@/lib/services/demo/seed-demo";
import { type AppServer, e2eUnavailableReason, launchBrowser, screenshot, startApp } from "./harness";

const unavailable = e2eUnavailableReason();
if (unavailable && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable}`);
}

// The demo campaign calls every day from 08:00 to 21:00 in each lead's own zone (seedDemoCampaign).
const WINDOW_START = 8 * 60;
const WINDOW_END = 21 * 60;

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

function isNight(zone: string, at: Date): boolean {
  const m = localMinute(zone, at);
  return m < WINDOW_START || m >= WINDOW_END;
}

/**
 * Night lasts 11 hours, so a zone that is night at both ends of a span of minutes was night all
 * through it: no lead there may be called, and the preview must count its leads as waiting.
 */
function nightThroughout(zone: string, from: Date, to: Date): boolean {
  return isNight(zone, from) && isNight(zone, to);
}

const ZONE_OF = new Map(DEMO_LEADS.map(([first, last, , zone]) => [`${first} ${last}`, zone]));
const UNFINISHED = new Set([
  LEAD_STATUS_LABELS.pending,
  LEAD_STATUS_LABELS.queued,
  LEAD_STATUS_LABELS.calling,
]);
const OUTCOMES = new Set<string>(Object.values(CALL_OUTCOME_LABELS));
const RESULTS = new Set<string>(Object.values(CALL_RESULT_LABELS));

type CallCells = { lead: string; attempt: number; status: string; result: string; outcome: string };

describe.skipIf(Boolean(unavailable))(
  `dialer in a real browser${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;
    let bootedAt: Date;

    beforeAll(async () => {
      bootedAt = new Date();
      app = await startApp({
        SEED_DEMO: "true",
        // A tick every 2 s and calls 100 times faster than real ones: the demo settles in seconds.
        DIALER_TICK_SECONDS: "2",
        SIMULATOR_SPEED: "100",
        // Mostly answered, so conversations (and their outcomes) arrive; no "failed", which could
        // trip the failure breaker and pause the campaign mid-test.
        SIMULATOR_OUTCOMES: "answered=80,no_answer=10,busy=5,voicemail=5",
      });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    /** Leads per status from the live progress bar's segments ("Booked: 3"). */
    async function leadsByStatus(page: Page): Promise<Map<string, number>> {
      const titles = await page
        .getByRole("img", { name: "Leads by status" })
        .locator("div[title]")
        .evaluateAll((segments) => segments.map((s) => s.getAttribute("title") ?? ""));
      return new Map(
        titles.map((t) => [t.slice(0, t.lastIndexOf(": ")), Number(t.slice(t.lastIndexOf(": ") + 2))]),
      );
    }

    async function finishedLeads(page: Page): Promise<number> {
      let n = 0;
      for (const [label, count] of await leadsByStatus(page)) if (!UNFINISHED.has(label)) n += count;
      return n;
    }

    /** "2 / 5" from the progress card: calls not yet ended, and the campaign's slots. */
    async function callsInFlight(page: Page): Promise<{ open: number; slots: number }> {
      const text = await page
        .getByText("Calls in flight", { exact: true })
        .locator("xpath=following-sibling::span[1]")
        .textContent();
      const [open, slots] = (text ?? "").split("/").map((s) => Number(s.trim()));
      return { open: open ?? Number.NaN, slots: slots ?? Number.NaN };
    }

    /** Every call on /calls, page by page, by column header. */
    async function allCalls(page: Page): Promise<CallCells[]> {
      await page.goto(`${app.url}/calls`);
      const calls: CallCells[] = [];
      for (;;) {
        await page.getByRole("heading", { name: "Calls", exact: true }).waitFor();
        const headers = await page.locator("thead th").allTextContents();
        const col = (name: string) => headers.findIndex((h) => h.trim() === name);
        const [lead, status, result, outcome] = [col("Lead"), col("Status"), col("Result"), col("Outcome")];
        const rows = await page.getByTestId("call-row").evaluateAll((trs) =>
          // A cell's link, if it has one, is its value: the lead's name, not the number under it.
          // The whole cell too: the lead's cell says which attempt the call was ("· attempt 1").
          trs.map((tr) =>
            [...tr.querySelectorAll("td")].map((td) => ({
              value: (td.querySelector("a") ?? td).textContent.trim(),
              text: td.textContent,
            })),
          ),
        );
        for (const row of rows) {
          const cells = row.map((c) => c.value);
          calls.push({
            lead: cells[lead] ?? "",
            attempt: Number(/attempt (\d+)/.exec(row[lead]?.text ?? "")?.[1] ?? Number.NaN),
            status: cells[status] ?? "",
            result: cells[result] ?? "",
            outcome: cells[outcome] ?? "",
          });
        }
        const next = page.getByRole("link", { name: "Next page" });
        if ((await next.count()) === 0) return calls;
        const before = page.url();
        await next.click();
        await page.waitForURL((u) => u.toString() !== before);
      }
    }

    it("signs in as the demo user, starts the demo campaign and sees outcomes arrive, calling nobody at night", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();

      await page.goto(`${app.url}/sign-in`);
      await page.getByLabel("Email").fill(DEMO_USER.email);
      await page.getByLabel("Password").fill(DEMO_USER.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL("**/dashboard");

      // The demo is seeded ready but not started: no call was placed before this sign-in, and
      // Start is the operator's button.
      await page.getByRole("link", { name: "Campaigns" }).first().click();
      await page.waitForURL("**/campaigns");
      await page
        .getByTestId("campaign-row")
        .filter({ hasText: DEMO_CAMPAIGN_NAME })
        .getByRole("link", { name: DEMO_CAMPAIGN_NAME })
        .click();
      await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
      await page.getByRole("heading", { name: DEMO_CAMPAIGN_NAME }).waitFor();
      await screenshot(page, "20-dialer-ready");
      await page.getByRole("button", { name: "Start", exact: true }).click();
      await page.getByText(/^Campaign started/).waitFor();
      await page.getByRole("button", { name: "Pause" }).waitFor();

      // The progress card polls by itself: outcomes arrive without a reload, and the calls in
      // flight never exceed the campaign's slots.
      const inFlight: { open: number; slots: number }[] = [];
      await expect
        .poll(
          async () => {
            inFlight.push(await callsInFlight(page));
            return finishedLeads(page);
          },
          { timeout: 60_000, interval: 500 },
        )
        .toBeGreaterThan(0);
      for (const sample of inFlight) expect(sample.open).toBeLessThanOrEqual(sample.slots);
      await screenshot(page, "21-dialer-progress");

      // Where it is night now, leads wait for their morning: the preview counts them as opening
      // later today or outside hours, and says when the next one opens. With ten zones from
      // Honolulu to Sydney it is always night somewhere (at least 6 of the 40 demo leads).
      await page.reload();
      await page.getByRole("heading", { name: DEMO_CAMPAIGN_NAME }).waitFor();
      const laterToday = Number(
        await page
          .getByText("Later today (their time)", { exact: true })
          .locator("xpath=preceding-sibling::div[1]")
          .textContent(),
      );
      const outsideHoursRow = page.locator("li").filter({ hasText: "Outside hours or calling days" });
      const outsideHours =
        (await outsideHoursRow.count()) > 0
          ? Number(await outsideHoursRow.locator("span").last().textContent())
          : 0;
      const previewedAt = new Date();
      const nightLeads = DEMO_LEADS.filter(([, , , zone]) => nightThroughout(zone, bootedAt, previewedAt));
      expect(nightLeads.length).toBeGreaterThan(0);
      expect(laterToday + outsideHours).toBeGreaterThanOrEqual(nightLeads.length);
      const nextOpens = await page
        .getByText("Next lead opens", { exact: true })
        .locator("xpath=following-sibling::span[1]")
        .textContent();
      expect(nextOpens?.trim()).not.toBe("—");

      // The calls page: finished calls carry their result, conversations their outcome. The
      // analysis webhook follows the end of a call, so wait for the first outcome.
      let calls: CallCells[] = [];
      await expect
        .poll(
          async () => {
            calls = await allCalls(page);
            return calls.some((c) => OUTCOMES.has(c.outcome));
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBe(true);
      await screenshot(page, "22-dialer-calls");
      const checkedAt = new Date();

      expect(calls.some((c) => RESULTS.has(c.result))).toBe(true);
      for (const c of calls) {
        // Only a conversation has an outcome.
        if (c.result !== CALL_RESULT_LABELS.answered) expect(c.outcome, c.lead).toBe("—");
        // Nobody was called at night.
        const zone = ZONE_OF.get(c.lead);
        expect(zone, `${c.lead} is a demo lead`).toBeDefined();
        expect(nightThroughout(zone ?? "", bootedAt, checkedAt), `${c.lead} (${zone}) called at night`).toBe(
          false,
        );
      }
      // Retries wait at least 5 minutes and callbacks hours: within this test no lead is dialed
      // twice, so every call is its lead's first attempt. (Counting rows per lead would not do: the
      // dialer keeps placing calls while the pages are read, so a row can slide onto the next page
      // and be read twice.)
      for (const c of calls) expect(c.attempt, `${c.lead}'s call`).toBe(1);

      await context.close();
    });
  },
);
