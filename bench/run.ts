/** `npm run bench [-- name ...]`: runs the named benchmarks (all by default) and prints figures. */
import { benchCampaign } from "./campaign";
import { benchCampaignList } from "./campaign-list";
import { benchDashboard } from "./dashboard";
import { benchFirstStart } from "./first-start";
import { benchImport } from "./import";
import { benchIngest } from "./ingest";
import { benchListPages } from "./list-pages";
import { benchPageSpeed } from "./page-speed";
import { benchPages } from "./pages";
import { benchPhoneTimezone } from "./phone-timezone";
import { benchSearch } from "./search";

const BENCHES: Record<string, () => Promise<void>> = {
  import: benchImport,
  campaign: benchCampaign,
  "phone-timezone": benchPhoneTimezone,
  "campaign-list": benchCampaignList,
  "list-pages": benchListPages,
  "page-speed": benchPageSpeed,
  ingest: benchIngest,
  "first-start": benchFirstStart,
  pages: benchPages,
  search: benchSearch,
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
