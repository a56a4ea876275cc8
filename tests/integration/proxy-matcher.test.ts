import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { config } from "@/proxy";

// Next's server sets this global before its modules load; its testing helper expects it too.
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
const { unstable_doesMiddlewareMatch } = await import("next/experimental/testing/server");

const matches = (url: string, headers: Record<string, string> = {}) =>
  unstable_doesMiddlewareMatch({ config, url, headers });

describe("which requests the proxy sees", () => {
  it("pages, their refreshes and form posts without an action id", () => {
    expect(matches("/campaigns/0b7e2f7e-4a55-4c3c-9d51-1f1f3c1b2a10")).toBe(true);
    expect(matches("/leads?q=acme", { rsc: "1" })).toBe(true);
    expect(matches("/unsubscribe/abc")).toBe(true);
  });

  // Next gives the proxy a copy of a request's body and then swaps the buffered body into the
  // request, listeners included: a client that went away while the action ran (a page left
  // mid-poll) was logged as `uncaughtException: Error: aborted … ECONNRESET`.
  it("not a server action (Next-Action), so an aborted action is no uncaught exception", () => {
    expect(matches("/campaigns/0b7e2f7e-4a55-4c3c-9d51-1f1f3c1b2a10", { "next-action": "7f3a" })).toBe(false);
    expect(matches("/unsubscribe/abc", { "next-action": "7f3a" })).toBe(false);
  });

  it("not API routes or static files", () => {
    expect(matches("/api/health")).toBe(false);
    expect(matches("/_next/static/chunks/main.js")).toBe(false);
    expect(matches("/robots.txt")).toBe(false);
  });
});
