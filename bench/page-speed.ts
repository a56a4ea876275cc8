/**
 * Server time of pages as a signed-in user gets them from a running production server (prints,
 * asserts nothing):
 *   PAGE_SPEED_URL=http://127.0.0.1:3161 npm run bench -- page-speed
 * Signs in as the demo user, then loads each page BENCH_RUNS times (default 7) after one warm-up
 * and prints the median time to the first byte (the server's work before streaming starts) and to
 * the last byte of the document (all streamed parts), with the load average.
 */
import { loadavg } from "node:os";
import { chromium } from "playwright-core";
import { DEMO_USER } from "../src/lib/services/demo/seed-demo";
import { median } from "./bench-db";

export async function benchPageSpeed() {
  const base = process.env.PAGE_SPEED_URL;
  if (!base) {
    console.log("page-speed: set PAGE_SPEED_URL to a running production server; skipped");
    return;
  }
  const runs = Number(process.env.BENCH_RUNS ?? 7);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel("Email").fill(DEMO_USER.email);
    await page.getByLabel("Password").fill(DEMO_USER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");
    const leadHref = await page.evaluate(async () => {
      const html = await (await fetch("/leads")).text();
      return html.match(/href="(\/leads\/[0-9a-f-]{36})"/)?.[1] ?? null;
    });
    const paths = [
      "/settings",
      "/leads",
      ...(leadHref ? [leadHref] : []),
      ...(process.env.PAGE_SPEED_EXTRA ?? "").split(",").filter(Boolean),
    ];
    console.log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    for (const path of paths) {
      const first: number[] = [];
      const last: number[] = [];
      for (let i = 0; i <= runs; i++) {
        await page.goto(`${base}${path}`, { waitUntil: "load" });
        const t = await page.evaluate(() => {
          const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          return { first: n.responseStart - n.requestStart, last: n.responseEnd - n.requestStart };
        });
        if (i > 0) {
          first.push(t.first);
          last.push(t.last);
        }
      }
      console.log(
        `  ${(path.startsWith("/leads/") ? "/leads/[id]" : path).padEnd(16)} first byte median ${median(first).toFixed(0).padStart(5)} ms (min ${Math.min(...first).toFixed(0)}), last byte median ${median(last).toFixed(0).padStart(5)} ms (min ${Math.min(...last).toFixed(0)})`,
      );
    }
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    await browser.close();
  }
}
