import { defineConfig } from "vitest/config";

/** The Vitest that vitest-integration.test.ts spawns on the eval suite beside it. */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["*.eval.ts"],
    environment: "node",
  },
});
