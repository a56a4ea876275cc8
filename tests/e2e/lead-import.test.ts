import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AppServer,
  e2eUnavailableReason,
  finishSignUp,
  launchBrowser,
  screenshot,
  startApp,
} from "./harness";

const unavailable = e2eUnavailableReason();
if (unavailable && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable}`);
}

// A CRM export whose phone column has a header nobody would guess ("Digits"), one bad number,
// one repeated number and a column that becomes a custom field.
const FILE = [
  "First Name;Last Name;Company;Digits;E-mail;Deal stage",
  "Ava;Stone;Northwind;(212) 555-0101;ava@northwind.test;Qualified",
  "Ben;Ortiz;Globex;415.555.0102;ben@globex.test;New",
  "Cara;Nguyen;Initech;call me maybe;cara@initech.test;New",
  "Dev;Patel;Hooli;+1 602 555 0104;dev@hooli.test;Demo",
  "Ava;Stone;Northwind;212-555-0101;ava@northwind.test;Qualified",
].join("\r\n");

describe.skipIf(Boolean(unavailable))(
  `lead import in a real browser${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;

    beforeAll(async () => {
      app = await startApp({ SEED_DEMO: "false" });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it("uploads a CSV, fixes the phone mapping, imports, and shows the rows and the rejected-rows report", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${app.url}/sign-up`);
      await page.getByLabel("Your name").fill("Ivy Importer");
      await page.getByLabel("Company").fill("Import Co");
      await page.getByLabel("Work email").fill("ivy@import.test");
      await page.getByLabel("Password").fill("import-password-1");
      await page.getByRole("button", { name: "Create account" }).click();
      await finishSignUp(app, page, "ivy@import.test", "import-password-1");
      await page.waitForURL("**/dashboard");

      // A campaign to import into.
      await page.goto(`${app.url}/campaigns`);
      await page.getByRole("button", { name: "New campaign" }).first().click();
      await page.getByLabel("Name").fill("Spring outreach");
      await page.getByRole("button", { name: "Create campaign" }).click();
      await page.getByTestId("campaign-row").filter({ hasText: "Spring outreach" }).waitFor();
      await page.getByRole("link", { name: "Import leads" }).click();
      await page.waitForURL("**/leads/import**");
      await screenshot(page, "10-import-upload");

      await page
        .getByTestId("csv-input")
        .setInputFiles({ name: "crm-export.csv", mimeType: "text/csv", buffer: Buffer.from(FILE) });
      // "Digits" is not recognised as a phone column: the mapping step says so and blocks the import.
      await page.getByTestId("mapping-problems").waitFor();
      expect(await page.getByTestId("mapping-problems").textContent()).toContain(
        "No column is mapped to Phone",
      );
      await screenshot(page, "11-import-mapping-problem");
      await page.getByRole("combobox", { name: "Map Digits" }).click();
      await page.getByRole("option", { name: "Phone", exact: true }).click();
      // The preview then shows the bad number as rejected, with its reason, before anything is written.
      await page.getByTestId("preview-rejected").waitFor();
      expect(await page.getByTestId("preview-rejected").textContent()).toContain("not a phone number");
      await screenshot(page, "12-import-preview");

      await page.getByRole("button", { name: /^Import 5 rows$/ }).click();
      await page.getByText("Import complete").waitFor({ timeout: 60_000 });
      expect(await page.getByTestId("count-imported").textContent()).toBe("3");
      expect(await page.getByTestId("count-skipped").textContent()).toBe("1");
      expect(await page.getByTestId("count-rejected").textContent()).toBe("1");
      const notImported = await page.getByTestId("not-imported").textContent();
      expect(notImported).toContain("duplicate of row 2 in this file");
      expect(notImported).toContain("not a phone number");
      await screenshot(page, "13-import-result");

      // The rejected-rows report downloads as CSV with the original columns and a reason column.
      const href = await page.getByTestId("download-rejected").getAttribute("href");
      const res = await page.request.get(`${app.url}${href}`);
      expect(res.status()).toBe(200);
      const csv = (await res.text()).replace(/^\uFEFF/, "");
      expect(csv.split(/\r?\n/)[0]).toBe(
        "First Name,Last Name,Company,Digits,E-mail,Deal stage,row,outcome,reason",
      );
      expect(csv).toContain("call me maybe");

      // The imported leads are in the lead table with their numbers in E.164 and zones with a source.
      await page.getByRole("link", { name: "View leads" }).click();
      await page.waitForURL("**/leads?**");
      await page.getByText("Ben").first().waitFor();
      const table = await page.locator("table").first().textContent();
      for (const name of ["Ava", "Ben", "Dev"]) expect(table).toContain(name);
      expect(table).not.toContain("Cara");
      await screenshot(page, "14-leads-after-import");
      await context.close();
    });
  },
);
