import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CAMPAIGN_NAME, DEMO_USER } from "@/lib/services/demo/seed-demo";
import {
  type AppServer,
  e2eUnavailableReason,
  launchBrowser,
  screenshot,
  signIn,
  startApp,
  startDemoCampaign,
} from "./harness";

const unavailable = e2eUnavailableReason();
if (unavailable && process.env.CI) {
  throw new Error(`End-to-end tests must run in CI, but ${unavailable}`);
}

/** An iPhone 12-15's CSS width. */
const PHONE = { width: 390, height: 844 };

type Overflow = { page: string; scrollWidth: number; widest: string[] };

/**
 * Whether the document is wider than the screen (it scrolls sideways), and which elements stick
 * out furthest: each named by tag, classes and the start of its text, widest first.
 */
async function overflowOf(page: Page, name: string): Promise<Overflow | null> {
  const found = await page.evaluate((screenWidth) => {
    const width = Math.min(window.innerWidth, screenWidth);
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    const describe = (el: Element) => {
      const classes =
        typeof el.className === "string" ? el.className.trim().split(/\s+/).slice(0, 6).join(".") : "";
      const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 50);
      const right = Math.round(el.getBoundingClientRect().right + window.scrollX);
      return `<${el.tagName.toLowerCase()}${classes ? `.${classes}` : ""}> right ${right}px "${text}"`;
    };
    // Elements sticking out, but not inside a box that scrolls sideways on its own.
    const sticking = [...document.body.querySelectorAll("*")].filter((el) => {
      const rect = el.getBoundingClientRect();
      if (rect.right + window.scrollX <= width + 1 || rect.width === 0) return false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const overflowX = getComputedStyle(p).overflowX;
        if (overflowX === "auto" || overflowX === "scroll" || overflowX === "hidden") return false;
      }
      return true;
    });
    // The innermost ones are the cause; their ancestors only grew around them.
    const innermost = sticking.filter((el) => !sticking.some((other) => other !== el && el.contains(other)));
    innermost.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
    return { scrollWidth, widest: innermost.slice(0, 3).map(describe) };
  }, PHONE.width);
  return found ? { page: name, ...found } : null;
}

describe.skipIf(Boolean(unavailable))(
  `every page on a phone (390 px)${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    let app: AppServer;
    let browser: Browser;

    beforeAll(async () => {
      app = await startApp({
        SEED_DEMO: "true",
        // Calls, outcomes and follow-up emails within seconds, so their pages have rows to show.
        DIALER_TICK_SECONDS: "2",
        SIMULATOR_SPEED: "100",
        SIMULATOR_OUTCOMES: "answered=70,no_answer=20,voicemail=10",
      });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    async function phoneContext(): Promise<BrowserContext> {
      // Not `isMobile`: a mobile viewport widens itself to fit a page that is too wide (the
      // browser zooms out), which would hide exactly what this test looks for.
      return browser.newContext({ viewport: PHONE, hasTouch: true });
    }

    /** Opens a page, waits for its heading, and records any sideways overflow. */
    async function visit(page: Page, path: string, name: string, overflows: Overflow[]): Promise<void> {
      const response = await page.goto(`${app.url}${path}`);
      expect(response?.status(), `${name} (${path})`).toBeLessThan(500);
      await page.waitForLoadState("load");
      // Every page has a title: a heading, or the card title of the sign-in pages.
      await page.locator("h1, h2, [data-slot=card-title]").first().waitFor();
      await screenshot(page, `phone-${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`);
      const overflow = await overflowOf(page, `${name} (${path})`);
      if (overflow) overflows.push(overflow);
    }

    /** The first link on the current page whose address matches, e.g. a lead's page from the list. */
    async function firstHref(page: Page, pattern: RegExp): Promise<string> {
      const hrefs = await page
        .locator("main a[href]")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
      const href = hrefs.find((h) => pattern.test(h));
      if (!href) throw new Error(`no link matching ${pattern} on ${page.url()}`);
      return href;
    }

    it("no page scrolls sideways, signed out or in", async () => {
      const overflows: Overflow[] = [];

      const signedOut = await phoneContext();
      const anonymous = await signedOut.newPage();
      for (const [path, name] of [
        ["/sign-in", "sign-in"],
        ["/sign-up", "sign-up"],
        ["/auth/forgot-password", "forgot password"],
        ["/auth/check-email?email=someone%40example.com", "check email"],
        ["/auth/reset-password", "reset password"],
        ["/auth/confirm?token_hash=not-a-token&type=signup", "confirm link"],
        ["/mailbox", "local mailbox"],
        ["/invite/not-a-token", "invitation"],
        ["/unsubscribe/not-a-token", "unsubscribe"],
      ] as const) {
        await visit(anonymous, path, name, overflows);
      }
      await signedOut.close();

      const context = await phoneContext();
      const page = await context.newPage();
      await signIn(page, app.url, DEMO_USER);
      // Calls, appointments and emails to show: start the demo from the phone.
      await startDemoCampaign(page, app.url, DEMO_CAMPAIGN_NAME);
      const campaignPath = new URL(page.url()).pathname;
      await expect
        .poll(
          async () => {
            await page.goto(`${app.url}/outbox`);
            return page.getByTestId("email-row").count();
          },
          { timeout: 90_000, interval: 2000 },
        )
        .toBeGreaterThan(0);

      await visit(page, "/dashboard", "dashboard", overflows);
      await visit(page, "/leads", "leads", overflows);
      const leadPath = await firstHref(page, /^\/leads\/[0-9a-f-]{36}$/);
      await visit(page, leadPath, "lead", overflows);
      await visit(page, "/leads/import", "import", overflows);
      await visit(page, "/leads/do-not-call", "do-not-call", overflows);
      await visit(page, "/leads/trash", "trash", overflows);
      await visit(page, "/campaigns", "campaigns", overflows);
      await visit(page, campaignPath, "campaign", overflows);
      await visit(page, `${campaignPath}/results`, "campaign results", overflows);
      await visit(page, "/calls", "calls", overflows);
      const callPath = await firstHref(page, /^\/calls\/[0-9a-f-]{36}$/);
      await visit(page, callPath, "call", overflows);
      await visit(page, "/calls/reviews", "call reviews", overflows);
      await visit(page, "/activity", "activity", overflows);
      await visit(page, "/appointments", "appointments", overflows);
      await visit(page, "/outbox", "outbox", overflows);
      const emailPath = await firstHref(page, /^\/outbox\/[0-9a-f-]{36}$/);
      await visit(page, emailPath, "email", overflows);
      await visit(page, "/settings", "settings", overflows);
      await visit(page, "/settings/audit", "audit log", overflows);
      await visit(page, "/account/password", "change password", overflows);
      // A member of an organization is sent on from onboarding; wherever it lands must fit too.
      await visit(page, "/onboarding", "onboarding", overflows);
      await visit(page, "/no-such-page", "not found", overflows);

      const report = overflows.map(
        (o) => `${o.page}: ${o.scrollWidth} px wide\n    ${o.widest.join("\n    ")}`,
      );
      expect(report, `pages wider than ${PHONE.width} px`).toEqual([]);
      await context.close();
    });

    it("the phone menu has the organization, the theme and sign-out", async () => {
      const context = await phoneContext();
      const page = await context.newPage();
      await signIn(page, app.url, DEMO_USER);
      await page.getByRole("button", { name: "Open navigation" }).click();
      const menu = page.getByRole("dialog");
      await menu.getByTestId("org-switcher").waitFor();
      await menu.getByRole("radio", { name: "Dark" }).click();
      await expect
        .poll(() => page.evaluate(() => document.documentElement.classList.contains("dark")))
        .toBe(true);
      await screenshot(page, "phone-menu");
      expect(await overflowOf(page, "menu")).toBeNull();
      await menu.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL("**/sign-in");
      await context.close();
    });

    it("the sidebar runs the full height of a long page", async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 700 } });
      const page = await context.newPage();
      await signIn(page, app.url, DEMO_USER);
      await page.goto(`${app.url}/leads`);
      await page.getByRole("heading", { name: "Leads", exact: true }).waitFor();
      const { sidebar, document: height } = await page.evaluate(() => ({
        sidebar: document.querySelector("aside")?.getBoundingClientRect().height ?? 0,
        document: document.documentElement.scrollHeight,
      }));
      expect(height).toBeGreaterThan(700);
      // Sub-pixel layout: the same height to the pixel.
      expect(Math.abs(sidebar - height)).toBeLessThan(1);
      await screenshot(page, "desktop-leads-full-height");
      await context.close();
    });
  },
);
