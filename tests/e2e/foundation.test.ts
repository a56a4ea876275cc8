import type { Browser, Page } from "playwright-core";
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

// Skipped only outside CI, and only for the stated reason (no build or no Chromium on this machine).
describe.skipIf(Boolean(unavailable))(
  `foundation in a real browser${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;
    const owner = {
      name: "Olivia Owner",
      org: "Northwind Energy",
      email: "olivia@northwind.test",
      password: "correct-horse-1",
    };
    const member = { name: "Max Member", email: "max@northwind.test", password: "battery-staple-2" };

    beforeAll(async () => {
      app = await startApp({ SEED_DEMO: "false" });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    async function signIn(page: Page, email: string, password: string) {
      await page.goto(`${app.url}/sign-in`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
    }

    async function signOut(page: Page) {
      await page.getByTestId("user-menu").click();
      await page.getByTestId("sign-out").click();
      await page.waitForURL("**/sign-in");
    }

    it("never sends a password in the URL, even before the page's JavaScript has run", async () => {
      // Without JavaScript (as in the moment before hydration) the form must not submit as a GET.
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${app.url}/sign-in`);
      await page.getByLabel("Email").fill("someone@example.com");
      await page.getByLabel("Password").fill("secret-in-url");
      expect(await page.getByRole("button", { name: "Sign in" }).isDisabled()).toBe(true);
      await page.getByLabel("Password").press("Enter");
      await page.waitForTimeout(500);
      expect(page.url()).not.toContain("secret-in-url");
      await context.close();
    });

    it("signs up, invites a member who joins, signs out and back in", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();

      // Unauthenticated visitors are sent to sign-in.
      await page.goto(`${app.url}/dashboard`);
      await page.waitForURL("**/sign-in**");
      await screenshot(page, "01-sign-in");

      // Sign up: the page says to check the inbox; the emailed link, with the password chosen,
      // creates the organization with the user as owner and lands on the dashboard.
      await page.getByRole("link", { name: "Create an account" }).click();
      await page.getByLabel("Your name").fill(owner.name);
      await page.getByLabel("Company").fill(owner.org);
      await page.getByLabel("Work email").fill(owner.email);
      await page.getByLabel("Password").fill("short");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByText("Use at least 8 characters.").waitFor();
      await page.getByLabel("Password").fill(owner.password);
      await screenshot(page, "02-sign-up");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByTestId("check-email").waitFor();
      await screenshot(page, "02b-check-email");
      await finishSignUp(app, page, owner.email, owner.password);
      await page.waitForURL("**/dashboard");
      await page.getByRole("heading", { name: `Welcome to ${owner.org}` }).waitFor();
      expect(await page.getByTestId("mode-badge").first().textContent()).toContain("Local mode");
      await screenshot(page, "03-dashboard");

      // Invite a member from settings; the link is shown on screen in local mode.
      await page.getByRole("link", { name: "Settings" }).click();
      await page.waitForURL("**/settings");
      await page.getByRole("button", { name: "Invite member" }).click();
      await page.getByLabel("Email").fill(member.email);
      await page.getByRole("button", { name: "Create invitation" }).click();
      const linkInput = page.getByTestId("invite-link");
      await linkInput.waitFor();
      const inviteLink = await linkInput.inputValue();
      expect(inviteLink).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
      await screenshot(page, "04-invite-link");
      await page.getByRole("button", { name: "Done" }).click();
      await page.getByTestId("pending-invitation").filter({ hasText: member.email }).waitFor();

      await signOut(page);

      // The invitee opens the link, creates an account and joins as member.
      await page.goto(inviteLink);
      await page.getByRole("heading", { name: `Join ${owner.org}` }).waitFor();
      await screenshot(page, "05-invitation");
      await page.getByRole("link", { name: "Create account" }).click();
      await page.getByLabel("Your name").fill(member.name);
      expect(await page.getByLabel("Work email").inputValue()).toBe(member.email);
      await page.getByLabel("Password").fill(member.password);
      await page.getByRole("button", { name: `Join ${owner.org}` }).click();
      await page.getByTestId("check-email").waitFor();
      await finishSignUp(app, page, member.email, member.password);
      await page.waitForURL("**/dashboard");
      await page.getByRole("heading", { name: `Welcome to ${owner.org}` }).waitFor();

      // A member sees the members list but cannot administer.
      await page.goto(`${app.url}/settings`);
      await page.getByTestId("member-row").filter({ hasText: owner.email }).waitFor();
      expect(await page.getByRole("button", { name: "Invite member" }).count()).toBe(0);
      expect(await page.getByText("Only owners and admins can change these settings.").count()).toBe(1);
      await screenshot(page, "06-member-settings");
      await signOut(page);

      // Wrong password: the same answer as an unknown address.
      await signIn(page, owner.email, "wrong-password");
      const formAlert = page.locator('[data-slot="alert"][role="alert"]');
      await formAlert.waitFor();
      const wrong = await formAlert.textContent();
      await signIn(page, "nobody@northwind.test", "wrong-password");
      await formAlert.waitFor();
      const unknown = await formAlert.textContent();
      await screenshot(page, "07-wrong-password");
      expect(wrong).toBe("Email or password is incorrect.");
      expect(unknown).toBe(wrong);

      // The owner signs back in and sees both members.
      await signIn(page, owner.email, owner.password);
      await page.waitForURL("**/dashboard");
      await page.goto(`${app.url}/settings`);
      await page.getByTestId("member-row").filter({ hasText: member.email }).waitFor();
      expect(await page.getByTestId("member-row").count()).toBe(2);
      await screenshot(page, "08-owner-settings");

      // Dark mode renders too.
      await page.emulateMedia({ colorScheme: "dark" });
      await page.goto(`${app.url}/dashboard`);
      await page.getByRole("heading", { name: `Welcome to ${owner.org}` }).waitFor();
      await screenshot(page, "09-dashboard-dark");
      await context.close();
    });
  },
);
