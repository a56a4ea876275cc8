#!/usr/bin/env node
// `npm run test:clocks` (a CI step): the unit suite at awkward instants with both cores kept busy,
// then the integration suite on PGlite at one of them, so a test or product path that reads the wall
// clock (a time bomb) or hopes that asynchronous work has finished (a race) fails here, not on a
// user's machine on some later date. tests/setup/shift-clock.ts moves the clock; TZ sets the zone.
import { spawn, spawnSync } from "node:child_process";

const CLOCKS = [
  // The US spring-forward night: 01:59:30 EST, and 02:00 never comes.
  { name: "DST night, New York", tz: "America/New_York", at: "2027-03-14T06:59:30Z" },
  // The fall-back night in Europe: 01:59:30 BST, then 01:00 again.
  { name: "DST fall-back, London", tz: "Europe/London", at: "2027-10-31T00:59:30Z" },
  // New Year's Eve in UTC+14: 23:59:30 on Dec 31 locally, still 10:00 on Dec 31 in UTC.
  { name: "New Year's Eve, UTC+14", tz: "Pacific/Kiritimati", at: "2026-12-31T09:59:30Z", integration: true },
  // Feb 29 at 23:59:30 in UTC+13:45 (the date rolls over during the run).
  { name: "Feb 29, UTC+13:45", tz: "Pacific/Chatham", at: "2028-02-29T10:14:30Z" },
];

const vitest = "node_modules/vitest/vitest.mjs";
// Two busy loops: the tests get what is left of two cores, as on a loaded laptop or CI runner.
// Unreferenced: a running child keeps the event loop alive, and this script must end when the
// suites do (it once sat forever after its last suite with the busy loops still spinning, until
// CI's time limit ended it). It also stops them explicitly on every way out.
const burners = [0, 1].map(() => {
  const burner = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
  burner.unref();
  return burner;
});
const stopBurners = () => {
  for (const b of burners) b.kill("SIGKILL");
};
process.on("exit", stopBurners);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

function run(label, args, env) {
  console.log(`\n== ${label}: TZ=${env.TZ} TEST_CLOCK=${env.TEST_CLOCK}`);
  const started = Date.now();
  // Without TEST_DATABASE_URL the integration suite runs on PGlite only, whose clock is the shifted one.
  const childEnv = { ...process.env, ...env, TEST_DATABASE_URL: "" };
  const r = spawnSync(process.execPath, [vitest, "run", ...args], { stdio: "inherit", env: childEnv });
  console.log(
    `== ${label}: ${r.status === 0 ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

for (const clock of CLOCKS) {
  run(`unit, ${clock.name}`, ["--project", "unit"], { TZ: clock.tz, TEST_CLOCK: clock.at });
}
for (const clock of CLOCKS.filter((c) => c.integration)) {
  // The query-plan test seeds 100,000 rows to read EXPLAIN output: nothing in it depends on the
  // clock, and under the busy loops it is a quarter of this run; `npm test` runs it on both databases.
  const args = ["--project", "integration", "--exclude", "tests/integration/list-plans.test.ts"];
  run(`integration (PGlite), ${clock.name}`, args, {
    TZ: clock.tz,
    TEST_CLOCK: clock.at,
  });
}
stopBurners();
console.log("\n== test:clocks: every suite passed");
process.exit(0);
