#!/usr/bin/env node
// Reads every server function's trace (`.nft.json`) in a build folder and reports its traced size.
// With --check, fails when a trace reaches into folders no server function needs (tests, benches,
// docs, the local database) or carries PGlite: a dynamic filesystem path traced the whole repository,
// or the embedded database's 20 MB WASM build rides along with every hosted function.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const check = args.includes("--check");
const dist = args.find((a) => !a.startsWith("--")) ?? ".next";
const root = process.cwd();
// The repository's own folders, and the embedded database: only local mode opens PGlite, from a
// checkout with node_modules (src/lib/db/client.ts loads it out of the tracer's sight).
const FORBIDDEN = [
  "tests/",
  "bench/",
  "docs/",
  ".data/",
  "scripts/",
  ".git/",
  "node_modules/@electric-sql/pglite/",
];

function* traces(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* traces(full);
    else if (entry.name.endsWith(".nft.json")) yield full;
  }
}

const sizeCache = new Map();
const sizeOf = (file) => {
  if (!sizeCache.has(file)) {
    try {
      sizeCache.set(file, statSync(file).isFile() ? statSync(file).size : 0);
    } catch {
      sizeCache.set(file, 0);
    }
  }
  return sizeCache.get(file);
};

const rows = [];
const problems = [];
for (const trace of traces(path.join(dist, "server"))) {
  const { files } = JSON.parse(readFileSync(trace, "utf8"));
  const absolute = files.map((f) => path.resolve(path.dirname(trace), f));
  const bytes = absolute.reduce((sum, f) => sum + sizeOf(f), 0);
  const name = path.relative(path.join(dist, "server"), trace).replace(/\.nft\.json$/, "");
  rows.push({ name, files: files.length, bytes });
  const outside = absolute
    .map((f) => path.relative(root, f))
    .filter((f) => FORBIDDEN.some((dir) => f.startsWith(dir)));
  if (outside.length > 0)
    problems.push(`${name}: ${outside.length} files such as ${outside.slice(0, 3).join(", ")}`);
}
rows.sort((a, b) => b.bytes - a.bytes);
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
console.log(`${rows.length} traced server functions in ${dist}; the largest:`);
for (const r of rows.slice(0, 5))
  console.log(`  ${mb(r.bytes).padStart(9)}  ${String(r.files).padStart(6)} files  ${r.name}`);
if (problems.length > 0) {
  console.log(
    `\n${problems.length} trace(s) include files outside the app:\n  ${problems.slice(0, 10).join("\n  ")}`,
  );
  if (check) process.exit(1);
} else console.log("No trace includes tests/, bench/, docs/, scripts/, .data/ or PGlite.");
