import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["test/**/*.test.ts"],
    environment: "node",
    // The real local stack, for the tests of calls a stand-in cannot answer (datasets, the CLI).
    globalSetup: ["./test/stack-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
