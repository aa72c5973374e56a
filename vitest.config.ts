import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // a folder for the tiny alliance the site and pack tests share, built on first use (test/helpers/tiny-alliance.ts)
    globalSetup: ["test/helpers/tiny-alliance-setup.ts"],
    setupFiles: ["test/helpers/cleanup.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // DuckDB uses both cores per connection; running test files two at a time is the sweet spot here.
    maxWorkers: 2,
  },
});
