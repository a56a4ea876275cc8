import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMAIL_KIND_LABELS, EMAIL_STATUS_LABELS } from "@/components/outbox/email-labels";
import { DEMO_CAMPAIGN_NAME, DEMO_LEADS, DEMO_USER } from "@/lib/services/demo/seed-demo";
import {
  type AppServer,
  e2eUnavailableReason,
  launchBrowser,
  screenshot,
  startApp,
  startDemoCampaign,
} from "./harness";

const unavailable = e2eUnavailableReason();
if (unavailable && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable}`);
}

const ZONE_OF = new Map(DEMO_LEADS.map(([first, last, , zone]) => [`${first} ${last}`, zone]));
const NAMES = [...ZONE_OF.keys()];

/** Intl puts a narrow no-break space before AM/PM; compare text with plain spaces. */
const plain = (s: string) => s.replace(/\s+/gu, " ").trim();

type OutboxCells = { to: string; lead: string; kind: string; status: string; transport: string };

describe.skipIf(Boolean(unavailable))(
  `follow-up emails in a real browser${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;

    beforeAll(async () => {
      app = await startApp({
        SEED_DEMO: "true",
        // No RESEND_API_KEY: local mode keeps every email in the outbox.
        RESEND_API_KEY: "",
        DIALER_TICK_SECONDS: "2",
        SIMULATOR_SPEED: "100",
        // Mostly answered, so conversations end in bookings; no "failed", which could trip the
        // failure breaker and pause the demo campaign mid-test.
        SIMULATOR_OUTCOMES: "answered=90,no_answer=5,voicemail=5",
      });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    /** Every email on /outbox, page by page, by column header. */
    async function allEmails(page: Page): Promise<OutboxCells[]> {
      await page.goto(`${app.url}/outbox`);
      const emails: OutboxCells[] = [];
      for (;;) {
        await page.getByRole("heading", { name: "Outbox", exact: true }).waitFor();
        const headers = (await page.locator("thead th").allTextContents()).map((h) => h.trim());
        const col = (name: string) => headers.indexOf(name);
        const [to, kind] = [col("To"), col("Kind")];
        const rows = await page.getByTestId("email-row").evaluateAll((trs) =>
          trs.map((tr) => ({
            cells: [...tr.querySelectorAll("td")].map((td) => ({
              // The To cell: the address, and the lead's name linking to the lead.
              first: td.querySelector("div")?.textContent?.trim() ?? "",
              link: td.querySelector("a")?.textContent?.trim() ?? "",
              text: td.textContent.trim(),
            })),
            status: tr.querySelector("[data-testid=email-status]")?.textContent?.trim() ?? "",
            transport: tr.querySelector("[data-testid=email-transport]")?.textContent?.trim() ?? "",
          })),
        );
        for (const row of rows) {
          emails.push({
            to: row.cells[to]?.first ?? "",
            lead: row.cells[to]?.link ?? "",
            kind: row.cells[kind]?.text ?? "",
            status: row.status,
            transport: row.transport,
          });
        }
        const next = page.getByRole("link", { name: "Next page" });
        if ((await next.count()) === 0) return emails;
        const before = page.url();
        await next.click();
        await page.waitForURL((u) => u.toString() !== before);
      }
    }

    it("a simulated booked call produces an appointment and a confirmation in the outbox", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();

      await page.goto(`${app.url}/sign-in`);
      await page.getByLabel("Email").fill(DEMO_USER.email);
      await page.getByLabel("Password").fill(DEMO_USER.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL("**/dashboard");

      // Start the demo campaign (seeded ready, not started); a booked call books through the
      // in-call tools, and the appointment appears on the appointments page.
      await startDemoCampaign(page, app.url, DEMO_CAMPAIGN_NAME);
      let booked = "";
      await expect
        .poll(
          async () => {
            await page.goto(`${app.url}/appointments`);
            await page.getByRole("heading", { name: "Appointments", exact: true }).waitFor();
            const rows = await page.locator("tbody tr").allTextContents();
            booked = NAMES.find((name) => rows.some((r) => r.includes(name))) ?? "";
            return booked;
          },
          { timeout: 150_000, interval: 2000 },
        )
        .not.toBe("");
      const appointmentRow = page.locator("tbody tr").filter({ hasText: booked }).first();
      const appointmentTimes = await appointmentRow
        .locator("time")
        .evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime") ?? ""));
      await screenshot(page, "30-follow-up-appointments");

      // Its confirmation waits in the outbox (local mode: stored and shown, never sent).
      const confirmation = page
        .getByTestId("email-row")
        .filter({ has: page.getByRole("link", { name: booked }) })
        .filter({ hasText: EMAIL_KIND_LABELS.confirmation });
      // The page is read again each time: the email is queued first and outboxed by its job, and
      // a page loaded in between keeps showing "Queued".
      await expect
        .poll(
          async () => {
            await page.goto(`${app.url}/outbox?kind=confirmation`);
            await page.getByRole("heading", { name: "Outbox", exact: true }).waitFor();
            if ((await confirmation.count()) !== 1) return `${await confirmation.count()} rows`;
            return confirmation.getByTestId("email-status").textContent();
          },
          { timeout: 90_000, interval: 2000 },
        )
        .toBe(EMAIL_STATUS_LABELS.outboxed);
      await page.getByTestId("outbox-mode-banner").waitFor();
      await screenshot(page, "31-follow-up-outbox");

      // The rendered message names the meeting in the lead's own zone.
      await confirmation.locator("a[href^='/outbox/']").click();
      await page.waitForURL(/\/outbox\/[0-9a-f-]{36}$/);
      await page.getByTestId("email-history").waitFor();
      const meetingIso = await page
        .getByTestId("email-meeting")
        .locator("time")
        .first()
        .getAttribute("datetime");
      expect(meetingIso).toBeTruthy();
      const meeting = new Date(meetingIso ?? "");
      // The email confirms the appointment the appointments page shows.
      expect(appointmentTimes.map((t) => new Date(t).getTime())).toContain(meeting.getTime());
      const zone = ZONE_OF.get(booked) ?? "";
      const day = new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric", timeZone: zone }).format(
        meeting,
      );
      const time = new Intl.DateTimeFormat("en-US", {
        hour: "numeric",
        minute: "2-digit",
        timeZone: zone,
      }).format(meeting);
      const html = page.frameLocator("iframe[data-testid=email-html]").locator("body");
      await html.waitFor();
      const rendered = plain((await html.textContent()) ?? "");
      expect(rendered).toContain(booked.split(" ")[0]);
      expect(rendered).toContain(plain(day));
      expect(rendered).toContain(plain(time));
      await screenshot(page, "32-follow-up-message");
      await page.getByRole("tab", { name: "Plain text" }).click();
      const text = plain((await page.getByTestId("email-text").textContent()) ?? "");
      expect(text).toContain(plain(day));
      expect(text).toContain(plain(time));
      await screenshot(page, "33-follow-up-plain-text");

      // Every email in the outbox: kept, not sent, and no lead got the same kind twice.
      const emails = await allEmails(page);
      expect(emails.length).toBeGreaterThan(0);
      for (const e of emails) {
        expect(e.transport, `${e.kind} to ${e.to}`).toBe("Outbox");
        expect(Object.values(EMAIL_STATUS_LABELS)).toContain(e.status);
        expect(Object.values(EMAIL_KIND_LABELS)).toContain(e.kind);
        expect(NAMES, `${e.to} is a demo lead`).toContain(e.lead);
      }
      const pairs = emails.map((e) => `${e.lead} / ${e.kind}`);
      expect(pairs.filter((p, i) => pairs.indexOf(p) !== i)).toEqual([]);

      await context.close();
    });
  },
);
