import { defineCapability } from "../capability";
import { collectTracesJob } from "./from-traces";
import { fanOutJob, scoreRowJob } from "./jobs";
import { evaluationRoutes } from "./routes";

/** Evaluation runs: records scored by pinned scorer versions through the judges' queue, with metrics. */
export const evaluationsCapability = defineCapability({
  name: "evaluations",
  routes: [evaluationRoutes],
  jobs: [fanOutJob, scoreRowJob, collectTracesJob],
  sweep: { pathParams: { runId: (t) => t.ids.runId ?? "" } },
});
