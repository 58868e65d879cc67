/**
 * The real local stack for the SDK's tests that need the API itself (datasets, the CLI): the
 * browser tests' stack (the Worker in workerd, local libSQL, crons, a temporary database), started
 * once for the run and provided as `baseUrl`. The other SDK tests use local stand-ins and ignore it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildDashboard, ROOT } from "../../scripts/stack.ts";
import startBrowserStack from "../../tests/browser/global-setup.ts";

export default async function setup(project: TestProject) {
  // The Worker serves the dashboard's build as static assets and will not start without it
  // (`npm test` runs these tests before the browser tests build it).
  if (!existsSync(join(ROOT, "web", "dist", "index.html"))) await buildDashboard();
  return startBrowserStack(project);
}
