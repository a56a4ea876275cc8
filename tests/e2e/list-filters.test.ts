import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APPOINTMENT_SOURCE_LABELS,
  APPOINTMENT_STATUS_LABELS,
} from "@/components/appointments/appointment-labels";
import { CALL_RESULT_LABELS } from "@/components/campaigns/call-labels";
import { zoneLabel } from "@/components/leads/lead-labels";
import { EMAIL_KIND_LABELS, EMAIL_STATUS_LABELS } from "@/components/outbox/email-labels";
import { DEMO_CAMPAIGN_NAME, DEMO_LEADS, DEMO_USER } from "@/lib/services/demo/seed-demo";
import { type AppServer, e2eUnavailableReason, launchBrowser, screenshot, signIn, startApp } from "./harness";

const unavailable = e2eUnavailableReason();
if (unavailable && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DEMO_ZONE = DEMO_LEADS[0]?.[3] ?? "";

describe.skipIf(Boolean(unavailable))(
  `list filters in a real browser${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;
    let signedIn: Awaited<ReturnType<BrowserContext["storageState"]>>;

    beforeAll(async () => {
      app = await startApp({
        SEED_DEMO: "started",
        DIALER_TICK_SECONDS: "2",
        SIMULATOR_SPEED: "100",
        // Mostly answered, so the demo campaign books a meeting soon: the appointments page shows
        // its filters once there is an appointment at all.
        SIMULATOR_OUTCOMES: "answered=90,no_answer=5,voicemail=5",
      });
      browser = await launchBrowser();
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, app.url, DEMO_USER);
      signedIn = await context.storageState();
      await context.close();
    });

    let booked: Promise<void> | undefined;
    /**
     * The appointments page shows its filters once the organization has an appointment at all:
     * waits (once per run) until the demo campaign's simulated calls have booked one.
     */
    function someAppointment(): Promise<void> {
      booked ??= (async () => {
        const context = await browser.newContext({ storageState: signedIn });
        const page = await context.newPage();
        await expect
          .poll(
            async () => {
              await page.goto(`${app.url}/appointments`);
              await page.getByRole("heading", { name: "Appointments", exact: true }).waitFor();
              return page.getByRole("combobox", { name: "Calendar" }).count();
            },
            { timeout: 150_000, interval: 2000 },
          )
          .toBe(1);
        await context.close();
      })();
      return booked;
    }

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    /** Chooses `option` in the filter named `label`; the URL's parameters once it has changed. */
    async function pick(page: Page, label: string, option: string): Promise<URLSearchParams> {
      const before = page.url();
      await page.getByRole("combobox", { name: label }).click();
      await page.getByRole("option", { name: option, exact: true }).click();
      // The URL changes when the filtered page has arrived; the demo campaign keeps the app's one
      // embedded database busy meanwhile, so that can take a while on a loaded machine.
      await page.waitForURL((url) => url.toString() !== before, { timeout: 60_000 });
      await expect.poll(() => page.getByRole("combobox", { name: label }).textContent()).toBe(option);
      return new URL(page.url()).searchParams;
    }

    /** Opens a list page and waits until React has hydrated its filters (the HTML alone shows them earlier). */
    async function open(page: Page, path: string, heading: string): Promise<void> {
      await page.goto(`${app.url}${path}`);
      await page.getByRole("heading", { name: heading, exact: true }).waitFor();
      await page.waitForFunction(() =>
        [...document.querySelectorAll("button[role=combobox]")].every((b) =>
          Object.keys(b).some((key) => key.startsWith("__reactProps")),
        ),
      );
    }

    const sideways = (page: Page) =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

    it.each([
      [1440, 900],
      [390, 844],
    ])("calls, outbox, appointments and leads filters write the URL at %i px", async (width, height) => {
      const context = await browser.newContext({ viewport: { width, height }, storageState: signedIn });
      const page = await context.newPage();

      // A filter change goes back to page one and keeps the other filters. (A filtered list
      // shows its filters even before any call exists.)
      await open(page, "/calls?result=voicemail&page=2", "Calls");
      // On a phone the calls log's filters sit in a sheet behind its Filters button.
      if (width < 768) await page.getByRole("button", { name: /^Filters/ }).click();
      let params = await pick(page, "Result", CALL_RESULT_LABELS.no_answer);
      expect([params.get("result"), params.has("page")]).toEqual(["no_answer", false]);
      params = await pick(page, "Campaign", DEMO_CAMPAIGN_NAME);
      expect(params.get("campaign")).toMatch(UUID);
      expect(params.get("result")).toBe("no_answer");
      params = await pick(page, "Result", "All results");
      expect([params.has("result"), params.get("campaign")]).toEqual([false, expect.stringMatching(UUID)]);
      if (width < 768) await page.keyboard.press("Escape");
      expect(await sideways(page)).toBe(0);
      await screenshot(page, `40-filters-calls-${width}`);

      await open(page, "/outbox?status=failed&page=2", "Outbox");
      params = await pick(page, "Status", EMAIL_STATUS_LABELS.skipped);
      params = await pick(page, "Kind", EMAIL_KIND_LABELS.missed_call);
      expect(Object.fromEntries(params)).toEqual({ status: "skipped", kind: "missed_call" });
      params = await pick(page, "Status", "All statuses");
      expect(Object.fromEntries(params)).toEqual({ kind: "missed_call" });
      expect(await sideways(page)).toBe(0);
      await screenshot(page, `41-filters-outbox-${width}`);

      await someAppointment();
      await open(page, "/appointments?tab=past", "Appointments");
      params = await pick(page, "Calendar", APPOINTMENT_SOURCE_LABELS.builtin);
      params = await pick(page, "Status", APPOINTMENT_STATUS_LABELS.cancelled);
      expect(Object.fromEntries(params)).toEqual({ tab: "past", source: "builtin", status: "cancelled" });
      params = await pick(page, "Calendar", "All calendars");
      expect(Object.fromEntries(params)).toEqual({ tab: "past", status: "cancelled" });
      expect(await sideways(page)).toBe(0);
      await screenshot(page, `42-filters-appointments-${width}`);

      // The lead table's filters are the same control, writing the lead list's own URL keys.
      await open(page, "/leads", "Leads");
      params = await pick(page, "Time zone", zoneLabel(DEMO_ZONE));
      params = await pick(page, "Consent", "Consent: unknown");
      params = await pick(page, "Campaign", DEMO_CAMPAIGN_NAME);
      expect([params.get("tz"), params.get("consent"), params.get("campaign")]).toEqual([
        DEMO_ZONE,
        "unknown",
        expect.stringMatching(UUID),
      ]);
      params = await pick(page, "Time zone", "Any time zone");
      expect(params.has("tz")).toBe(false);
      expect(await sideways(page)).toBe(0);
      await screenshot(page, `43-filters-leads-${width}`);

      // The open list fits the narrow screen too.
      await page.getByRole("combobox", { name: "Consent" }).click();
      await page.getByRole("option", { name: "Any consent", exact: true }).waitFor();
      await screenshot(page, `44-filters-leads-open-${width}`);
      await page.keyboard.press("Escape");

      await context.close();
    });

    it("a filter in the URL is named by the server's HTML, before any script runs", async () => {
      const context = await browser.newContext({ javaScriptEnabled: false, storageState: signedIn });
      const page = await context.newPage();
      // Without scripts the streamed page stays in its hidden template: read text, not visibility.
      const trigger = (label: string) => page.locator(`button[role=combobox][aria-label="${label}"]`).first();
      await page.goto(`${app.url}/outbox?status=bounced&kind=reminder`);
      expect(await trigger("Status").textContent()).toBe(EMAIL_STATUS_LABELS.bounced);
      expect(await trigger("Kind").textContent()).toBe(EMAIL_KIND_LABELS.reminder);
      await page.goto(`${app.url}/calls?result=busy&campaign=00000000-0000-4000-8000-000000000000`);
      expect(await trigger("Result").textContent()).toBe(CALL_RESULT_LABELS.busy);
      // A campaign the list no longer has reads as "All campaigns", not as an empty box.
      expect(await trigger("Campaign").textContent()).toBe("All campaigns");
      await someAppointment();
      await page.goto(`${app.url}/appointments?source=calcom`);
      expect(await trigger("Calendar").textContent()).toBe(APPOINTMENT_SOURCE_LABELS.calcom);
      await context.close();
    });
  },
);
