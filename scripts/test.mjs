#!/usr/bin/env node
// `npm test`: unit and integration tests (PGlite always; the machine's Postgres too when
// TEST_DATABASE_URL is set), then a production build (whose server-function traces must stay
// inside the app), then the browser tests against it.
import { spawnSync } from "node:child_process";

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const vitest = "node_modules/vitest/vitest.mjs";
run(process.execPath, [vitest, "run", "--project", "unit", "--project", "integration"]);
if (process.env.SKIP_E2E === "1") {
  console.log("\nSKIP_E2E=1: browser tests not run.");
  process.exit(0);
}
run(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
  NEXT_DIST_DIR: ".next-e2e",
  NEXT_TELEMETRY_DISABLED: "1",
});
// No server function may carry the repository (a dynamic filesystem path traces all of it).
run(process.execPath, ["scripts/check-traces.mjs", ".next-e2e", "--check"]);
run(process.execPath, [vitest, "run", "--project", "e2e"]);
