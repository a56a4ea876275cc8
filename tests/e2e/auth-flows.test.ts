import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GoTrueFake, startGoTrueFake } from "../fakes/gotrue-fake";
import { createTestDb, type TestDb, testDbKinds } from "../helpers/test-db";
import {
  type AppServer,
  e2eUnavailableReason,
  launchBrowser,
  screenshot,
  startApp,
  watchCsp,
} from "./harness";

/*
 * One walk per auth mode: sign up, confirm from the email, land in a new organization, sign out,
 * reset the password from its email, sign in with the new one. Built-in: local mode, the emails
 * in the local mailbox. Supabase: hosted mode on Postgres, against the GoTrue fake configured like
 * a new hosted project ("Confirm email" on, 2 emails an hour), whose emails link as the README's
 * templates do.
 */

const unavailable = e2eUnavailableReason();
const noPostgres = testDbKinds().includes("postgres")
  ? null
  : "TEST_DATABASE_URL is not set (hosted mode runs on Postgres)";
if ((unavailable || noPostgres) && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable ?? noPostgres}`);
}

const PASSWORD = "first-password-1";
const NEW_PASSWORD = "second-password-2";

async function signUp(page: Page, app: AppServer, who: { name: string; org: string; email: string }) {
  await page.goto(`${app.url}/sign-up`);
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Company").fill(who.org);
  await page.getByLabel("Work email").fill(who.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/auth/check-email?**");
  await page.getByTestId("check-email").waitFor();
}

async function signOut(page: Page) {
  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  await page.waitForURL("**/sign-in");
}

async function askForReset(page: Page, email: string) {
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.waitForURL("**/auth/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await page.waitForURL("**/auth/check-email?**");
  await page.getByTestId("check-email").waitFor();
}

async function setNewPassword(page: Page) {
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.waitForURL("**/sign-in?reset=1**");
  await page.getByTestId("password-reset-done").waitFor();
}

/** On the sign-in page after a reset: the old password is refused, the new one signs in. */
async function signInAfterReset(page: Page, email: string) {
  expect(await page.getByLabel("Email").inputValue()).toBe(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page
    .locator('[data-slot="alert"][role="alert"]')
    .filter({ hasText: "Email or password is incorrect." })
    .waitFor();
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/dashboard");
}

describe.skipIf(Boolean(unavailable))(
  `built-in sign-in in a real browser${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;
    beforeAll(async () => {
      app = await startApp({ SEED_DEMO: "false", DIALER_TICK_SECONDS: "0" });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    /** Opens the local mailbox from the check-your-inbox page and follows the newest email's link. */
    async function openFromMailbox(page: Page, subject: string, link: string) {
      await page.getByRole("link", { name: "local mailbox" }).click();
      await page.waitForURL("**/mailbox");
      const email = page.getByTestId("mailbox-email").filter({ hasText: subject }).first();
      await email.waitFor();
      await screenshot(page, `auth-builtin-mailbox-${subject.split(" ")[0]?.toLowerCase()}`);
      await email.getByRole("link", { name: link }).click();
      await page.waitForURL("**/auth/confirm?**");
    }

    it("signs up, confirms from the local mailbox, resets the password and signs in; changes it at 390 px", async () => {
      const who = { name: "Bea Builtin", org: "Builtin Works", email: "bea@builtin.test" };
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const csp = watchCsp(page);

      await signUp(page, app, who);
      await openFromMailbox(page, "Confirm your email to finish signing up", "Finish signing up");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Finish signing up" }).click();
      await page.waitForURL("**/dashboard");
      await page.getByRole("heading", { name: `Welcome to ${who.org}` }).waitFor();
      await signOut(page);

      await askForReset(page, who.email);
      await openFromMailbox(page, "Reset your password", "Choose a new password");
      await screenshot(page, "auth-builtin-new-password");
      await setNewPassword(page);
      await signInAfterReset(page, who.email);
      await page.getByRole("heading", { name: `Welcome to ${who.org}` }).waitFor();

      // Change password from the account menu, on a phone-sized screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole("button", { name: "Open navigation" }).click();
      // The phone menu lists the account's links itself (the sidebar's menu is hidden at this width).
      await page.getByRole("dialog").getByRole("link", { name: "Change password" }).click();
      await page.waitForURL("**/account/password");
      await page.getByLabel("Current password").fill(NEW_PASSWORD);
      await page.getByLabel("New password", { exact: true }).fill("third-password-3");
      await page.getByLabel("Repeat the new password").fill("third-password-3");
      await page.getByRole("button", { name: "Change password" }).click();
      await page.getByTestId("password-changed").waitFor();
      await screenshot(page, "auth-builtin-change-password-390");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(csp).toEqual([]);
      await context.close();
    });
  },
);

const hostedUnavailable = unavailable ?? noPostgres;
describe.skipIf(Boolean(hostedUnavailable))(
  `Supabase sign-in in a real browser${hostedUnavailable ? ` (skipped: ${hostedUnavailable})` : ""}`,
  () => {
    let db: TestDb;
    let gotrue: GoTrueFake;
    let app: AppServer;
    let browser: Browser;
    beforeAll(async () => {
      // What `supabase db push` gives a project, on the machine's Postgres; the fake writes the
      // users to its auth.users, as Supabase Auth writes to the project's.
      db = await createTestDb("postgres", { max: 2 });
      gotrue = await startGoTrueFake({ db });
      app = await startApp({
        DATABASE_URL: db.url ?? "",
        NEXT_PUBLIC_SUPABASE_URL: gotrue.url,
        NEXT_PUBLIC_SUPABASE_ANON_KEY: gotrue.anonKey,
        SEED_DEMO: "false",
        DIALER_TICK_SECONDS: "0",
      });
      gotrue.siteUrl = app.url;
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await gotrue?.close();
      await db?.destroy();
    });

    it("signs up, confirms, lands in a new organization, resets the password and signs in", async () => {
      const who = { name: "Sam Supa", org: "Supa Solar", email: "sam@supa.test" };
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const csp = watchCsp(page);
      await signUp(page, app, who);
      const confirm = gotrue.lastEmail(who.email, "signup");
      expect(confirm?.link).toMatch(/\/auth\/confirm\?token_hash=pkce_[0-9a-f]+&type=email$/);
      await page.goto(confirm?.link ?? "");
      await page.getByRole("button", { name: "Confirm my email" }).click();
      await page.waitForURL("**/dashboard");
      await page.getByRole("heading", { name: `Welcome to ${who.org}` }).waitFor();
      await screenshot(page, "auth-supabase-dashboard");
      await signOut(page);

      // Signing up again with the address: Supabase answers with an obfuscated user; the visitor
      // sees the same page as for a new address (it used to end in "Something went wrong").
      await signUp(page, app, { ...who, org: "Second Try" });
      await page.goto(`${app.url}/sign-in`);

      await askForReset(page, who.email);
      const reset = gotrue.lastEmail(who.email, "recovery");
      expect(reset?.link).toMatch(/\/auth\/confirm\?token_hash=[0-9a-f]+&type=recovery$/);
      await page.goto(reset?.link ?? "");
      await page.getByRole("button", { name: "Choose a new password" }).click();
      await page.waitForURL("**/auth/reset-password");
      await screenshot(page, "auth-supabase-new-password");
      await setNewPassword(page);
      expect(gotrue.sessionCount(who.email)).toBe(0);
      await signInAfterReset(page, who.email);
      await page.getByRole("heading", { name: `Welcome to ${who.org}` }).waitFor();

      const [orgs] = await db.query<{ n: number }>("select count(*)::int as n from public.organizations");
      expect(orgs?.n).toBe(1);
      expect(gotrue.violations).toEqual([]);
      expect(csp).toEqual([]);
      await context.close();
    });
  },
);
