import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // a folder for the tiny alliance the site and pack tests share, built on first use (test/helpers/tiny-alliance.ts)
    globalSetup: ["test/helpers/tiny-alliance-setup.ts"],
    setupFiles: ["test/helpers/cleanup.ts"],
    // No fixed time limit: an end-to-end test on a busy or slower machine takes as long as it takes (a limit
    // that passes here fails on a machine twice as slow). A hung test is ended by CI's job time limit instead;
    // speed is measured by `npm run bench`, not by timed tests.
    testTimeout: 0,
    hookTimeout: 0,
    // DuckDB uses both cores per connection; running test files two at a time is the sweet spot here.
    maxWorkers: 2,
  },
});
