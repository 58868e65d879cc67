import { defineConfig } from "vitest/config";

// Unit tests of the dashboard's pure modules (no DOM): the browser suite covers the pages.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
