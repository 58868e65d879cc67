import { z } from "zod";
import { defineCapability } from "../capability";
import type { CronJob } from "../cron/define";
import { defineOrgJob } from "../jobs/define";
import { organizationsWithProjects } from "../traces/retention";
import { fromTracesJob } from "./from-traces";
import { abortIdleImports } from "./imports";
import { datasetRoutes } from "./routes";
import { datasetVersionRoutes } from "./version-routes";

/** Each organization's import sessions idle for an hour, aborted. */
const abortIdleJob = defineOrgJob({
  type: "datasets.abort_idle_imports",
  payload: z.object({}),
  async handle(ctx) {
    await abortIdleImports(ctx.services, ctx.org.id);
  },
});

const abortIdle: CronJob = {
  name: "datasets.abort_idle_imports",
  schedule: "*/5 * * * *",
  async run(services) {
    for (const orgId of await organizationsWithProjects(services))
      await services.jobs.enqueue(abortIdleJob, { orgId });
  },
};

/** Evaluation datasets: records versioned as ranges, merge, import sessions, export, from traces. */
export const datasetsCapability = defineCapability({
  name: "datasets",
  routes: [datasetRoutes, datasetVersionRoutes],
  jobs: [fromTracesJob, abortIdleJob],
  crons: [abortIdle],
  // Import chunks are JSONL, JSON or CSV text, capped at 5 MB by their route.
  ownBodies: [/^\/api\/v1\/projects\/[^/]+\/datasets\/[^/]+\/imports\/[^/]+\/chunks\/[^/]+$/],
  sweep: {
    pathParams: {
      datasetId: (t) => t.ids.datasetId ?? "",
      recordId: (t) => t.ids.recordId ?? "",
      importId: (t) => t.ids.importId ?? "",
      version: () => "1",
      seq: () => "0",
    },
    notTenantIds: ["version", "seq"],
  },
});
