import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER } from "@/lib/services/demo/seed-demo";
import { type AppServer, e2eUnavailableReason, launchBrowser, screenshot, signIn, startApp } from "./harness";

const unavailable = e2eUnavailableReason();
if (unavailable && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable}`);
}

/** The lead ids a page links to (`/leads/<id>`), in page order. */
async function leadIds(page: Page, scope: string): Promise<string[]> {
  return page
    .locator(`${scope} a[href^="/leads/"]`)
    .evaluateAll((links) =>
      links
        .map((a) => a.getAttribute("href")?.match(/^\/leads\/([0-9a-f-]{36})$/)?.[1])
        .filter((id): id is string => Boolean(id)),
    );
}

/** Waits until React has hydrated the page's checkboxes (the HTML alone shows them earlier). */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const boxes = [...document.querySelectorAll("button[role=checkbox]")];
    return (
      boxes.length > 0 && boxes.every((b) => Object.keys(b).some((key) => key.startsWith("__reactProps")))
    );
  });
}

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.skipIf(Boolean(unavailable))(
  `deleting and restoring leads in a real browser${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;
    let signedIn: Awaited<ReturnType<BrowserContext["storageState"]>>;

    beforeAll(async () => {
      // The demo organization and its leads, with the dialer's tick off so nothing moves meanwhile.
      app = await startApp({ SEED_DEMO: "true", DIALER_TICK_SECONDS: "0" });
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

    it("deletes two leads, finds them in the trash, restores them, and the audit log says so", async () => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        storageState: signedIn,
      });
      const page = await context.newPage();

      await page.goto(`${app.url}/leads`);
      await page.getByRole("heading", { name: "Leads", exact: true }).waitFor();
      await hydrated(page);
      const before = await leadIds(page, "table");
      expect(before.length).toBeGreaterThan(2);
      const chosen = before.slice(0, 2);

      // Tick the first two rows and delete them.
      const boxes = page.locator("tbody button[role=checkbox]");
      await boxes.nth(0).click();
      await boxes.nth(1).click();
      await page.getByText("2 leads selected").waitFor();
      await page.getByRole("button", { name: "Delete", exact: true }).click();
      const confirm = page.getByRole("alertdialog");
      await confirm.getByText("They move to the trash").waitFor();
      await confirm.getByRole("button", { name: "Delete 2 leads" }).click();
      await page.getByText("Moved 2 leads to the trash.").waitFor();
      await expect
        .poll(async () => (await leadIds(page, "table")).filter((id) => chosen.includes(id)))
        .toEqual([]);

      // The trash lists them, with who deleted them and when they are erased.
      await page.getByRole("link", { name: "Trash", exact: true }).click();
      await page.waitForURL("**/leads/trash");
      await page.getByTestId("trash-row").first().waitFor();
      expect((await leadIds(page, "[data-testid=trash-row]")).sort()).toEqual([...chosen].sort());
      await expect.poll(() => page.getByTestId("trash-row").first().textContent()).toContain("Dana Demo");
      expect(await page.getByTestId("trash-row").first().textContent()).toContain("30 days");
      await screenshot(page, "60-trash-1280");

      // A trashed lead's own page says so, and offers restoring and erasing.
      await page.goto(`${app.url}/leads/${chosen[0]}`);
      await page.getByTestId("lead-in-trash").waitFor();
      expect(await page.getByTestId("lead-in-trash").textContent()).toContain("by Dana Demo");
      await page.getByRole("button", { name: "Erase this person's data" }).waitFor();
      await screenshot(page, "64-trashed-lead-1280");
      await page.goBack();
      await page.getByTestId("trash-row").first().waitFor();

      // Restore both.
      await hydrated(page);
      await page.getByRole("checkbox", { name: "Select all leads on this page" }).click();
      await page.getByRole("button", { name: "Restore", exact: true }).click();
      await page.getByText("Restored 2 leads.").waitFor();
      await page.getByText("The trash is empty").waitFor();

      // Back in the lead table.
      await page.getByRole("link", { name: "All leads", exact: true }).click();
      await page.waitForURL((url) => url.pathname === "/leads");
      await expect
        .poll(async () => (await leadIds(page, "table")).filter((id) => chosen.includes(id)).length)
        .toBe(2);

      // The audit log has both actions, by the demo user, with their counts.
      await page.goto(`${app.url}/settings/audit`);
      await page.getByRole("heading", { name: "Audit log", exact: true }).waitFor();
      const rows = page.getByTestId("audit-row");
      const texts = await rows.allTextContents();
      const restored = texts.findIndex((t) => t.includes("Restored leads from the trash"));
      const deleted = texts.findIndex((t) => t.includes("Deleted leads (to the trash)"));
      expect(restored).toBeGreaterThanOrEqual(0);
      // Newest first.
      expect(deleted).toBeGreaterThan(restored);
      expect(texts[deleted]).toContain("Dana Demo");
      expect(texts[deleted]).toContain("leads chosen one by one");
      await screenshot(page, "61-audit-log-1280");
      await context.close();
    });

    it("shows the trash and the audit log without sideways scrolling at 390 px", async () => {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        storageState: signedIn,
      });
      const page = await context.newPage();
      // One lead in the trash, so the table shows.
      await page.goto(`${app.url}/leads`);
      await page.getByRole("heading", { name: "Leads", exact: true }).waitFor();
      await hydrated(page);
      await page.locator("tbody button[role=checkbox]").first().click();
      await page.getByRole("button", { name: "Delete", exact: true }).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Delete 1 lead" }).click();
      await page.getByText("Moved 1 lead to the trash.").waitFor();
      expect(await sideways(page)).toBe(0);

      await page.goto(`${app.url}/leads/trash`);
      await page.getByTestId("trash-row").first().waitFor();
      expect(await sideways(page)).toBe(0);
      await screenshot(page, "62-trash-390");

      await page.goto(`${app.url}/settings/audit`);
      // One block per entry on a narrow screen.
      await page.getByTestId("audit-item").first().waitFor();
      expect(await page.getByTestId("audit-item").first().textContent()).toContain(
        "Deleted leads (to the trash): 1",
      );
      expect(await sideways(page)).toBe(0);
      await screenshot(page, "63-audit-log-390");
      await context.close();
    });
  },
);
