import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname, "src"),
  // The real package throws outside React Server Components; tests run services directly.
  "server-only": path.resolve(import.meta.dirname, "tests/helpers/empty-module.ts"),
};

// Inert unless TEST_CLOCK is set: CI runs the unit suite at awkward instants (scripts/test-clocks.mjs).
const clock = path.resolve(import.meta.dirname, "tests/setup/shift-clock.ts");

export default defineConfig({
  resolve: { alias },
  test: {
    // Two cores: one worker per project keeps PGlite instances and Chromium from starving each other.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["src/**/*.test.ts"], environment: "node", setupFiles: [clock] },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: [clock],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
