import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "../../scripts/free-port.ts";
import { startStack } from "../../scripts/stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** The same stack as `npm start` (wrangler dev + local libSQL), on a temporary database. */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), "sightline-browser-"));
  const stack = await startStack({
    dataDir,
    port: await freePort(),
    dbPort: await freePort(),
    environment: "test",
  });
  project.provide("baseUrl", stack.url);
  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
