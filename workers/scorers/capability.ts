import { defineCapability } from "../capability";
import { scoreJobRoutes } from "./job-routes";
import { scoreTraceJob } from "./jobs";
import { scorerRoutes } from "./routes";

/** The project's scorer registry (immutable versions), rule scorers, the scoring endpoint and scoring jobs. */
export const scorersCapability = defineCapability({
  name: "scorers",
  routes: [scorerRoutes, scoreJobRoutes],
  jobs: [scoreTraceJob],
  sweep: {
    pathParams: {
      // A scorer and a scoring job the sweep created in the tenant's project.
      scorerId: (t) => t.ids.scorerId ?? "",
      jobId: (t) => t.ids.scoreJobId ?? "",
    },
  },
});
