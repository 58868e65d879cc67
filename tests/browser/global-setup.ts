import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "../../scripts/free-port.ts";
import { driveCrons } from "../../scripts/local-cron.ts";
import { startStack } from "../../scripts/stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    dbUrl: string;
  }
}

/** The same stack as `npm start` (the Worker in workerd, local libSQL, crons), on a temporary database. */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), "sightline-browser-"));
  const stack = await startStack({
    dataDir,
    port: await freePort(),
    dbPort: await freePort(),
    environment: "test",
  });
  const stopCrons = driveCrons(stack, (line) => console.warn(line));
  project.provide("baseUrl", stack.url);
  project.provide("dbUrl", stack.dbUrl);
  return async () => {
    stopCrons();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
