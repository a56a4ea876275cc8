/** `npm run bench [-- name ...]`: runs the named benchmarks (all by default) and prints figures. */
import { benchCampaign } from "./campaign";
import { benchDashboard } from "./dashboard";
import { benchImport } from "./import";
import { benchIngest } from "./ingest";
import { benchListPages } from "./list-pages";
import { benchPhoneTimezone } from "./phone-timezone";

const BENCHES: Record<string, () => Promise<void>> = {
  import: benchImport,
  campaign: benchCampaign,
  "phone-timezone": benchPhoneTimezone,
  "list-pages": benchListPages,
  ingest: benchIngest,
  dashboard: benchDashboard,
};

const names = process.argv.slice(2).filter((a) => !a.startsWith("-"));
for (const name of names.length ? names : Object.keys(BENCHES)) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(", ")}`);
    process.exit(2);
  }
  await bench();
}
