import { defineCapability } from "../capability";
import { collectBackfillJob } from "./backfill";
import { monitorRoutes } from "./routes";
import { scoreSubjectJob } from "./score-job";
import { settleJob } from "./settle";
import { pendingSweep, sweepPendingJob } from "./sweep";

/** Online scoring: monitors on live traffic, scheduled by ingest through delayed queue jobs, and backfills. */
export const monitoringCapability = defineCapability({
  name: "monitoring",
  routes: [monitorRoutes],
  jobs: [settleJob, scoreSubjectJob, collectBackfillJob, sweepPendingJob],
  crons: [pendingSweep],
  sweep: {
    // A monitor the sweep created in the tenant's project.
    pathParams: { monitorId: (t) => t.ids.monitorId ?? "", backfillId: (t) => t.ids.backfillId ?? "" },
  },
});
