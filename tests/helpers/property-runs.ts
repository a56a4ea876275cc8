/**
 * fast-check settings for a property test: its full run count in CI (or with PROPERTY_RUNS=full),
 * a tenth of it locally (at least 20), so `npm test` on a laptop stays quick while CI explores
 * the whole count. A fixed seed keeps every run reproducible; FC_SEED=<n> explores another one.
 */
export function propertyRuns(full: number): { numRuns: number; seed: number } {
  const wantsFull =
    process.env.PROPERTY_RUNS === "full" || (process.env.CI && process.env.PROPERTY_RUNS !== "quick");
  const seed = Number(process.env.FC_SEED ?? 20261207);
  return { numRuns: wantsFull ? full : Math.max(20, Math.ceil(full / 10)), seed };
}
