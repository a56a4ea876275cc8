import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Vercel ends a function at its maxDuration; without one, a route gets the plan's default, which
// is too long for a webhook the provider stops waiting for and too short for nothing here. Every
// API route states its own, sized to what it does, within Vercel's 300 s ceiling.
const API_DIR = path.join(import.meta.dirname);

function routes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routes(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

describe("API routes", () => {
  const files = routes(API_DIR);

  it("finds the routes", () => {
    expect(files.map((f) => path.relative(API_DIR, f))).toContain(
      path.join("webhooks", "retell", "route.ts"),
    );
  });

  it.each(files.map((f) => [path.relative(API_DIR, f), f]))(
    "%s declares a maxDuration up to 300 s",
    (_name, file) => {
      const match = /^export const maxDuration = (\d+);$/m.exec(readFileSync(file, "utf8"));
      expect(match, "export const maxDuration = <seconds>;").not.toBeNull();
      const seconds = Number(match?.[1]);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(300);
    },
  );

  it("gives webhooks less than the provider's wait plus its retry, and the dialer's queue more", () => {
    const seconds = (route: string) =>
      Number(
        /^export const maxDuration = (\d+);$/m.exec(readFileSync(path.join(API_DIR, route), "utf8"))?.[1],
      );
    for (const hook of ["retell", "vapi", "resend", "calcom"]) {
      expect(seconds(`webhooks/${hook}/route.ts`)).toBeLessThanOrEqual(20);
    }
    expect(seconds("queue/[job]/route.ts")).toBeGreaterThanOrEqual(120);
  });
});
