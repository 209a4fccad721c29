import { defineConfig } from "vitest/config";

// Two projects: fast unit tests (no server), and integration/e2e tests (real NATS, PostgreSQL, SMTP)
// which share servers started once per run by libs/testing's global setup.
export default defineConfig({
  test: {
    // One fixed fast-check seed unless GUICHET_FUZZ_SEED says otherwise (see the file).
    setupFiles: ["libs/testing/src/fuzz-seed.setup.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{libs,services,tools}/*/src/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{libs,services,tools}/*/test/**/*.test.ts", "test/**/*.test.ts"],
          globalSetup: ["libs/testing/src/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
