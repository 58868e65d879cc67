import { defineCapability } from "../capability";
import { assessmentRoutes } from "./routes";

/** Feedback and expectations on traces, spans and sessions, their history, and the score rollups. */
export const assessmentsCapability = defineCapability({
  name: "assessments",
  routes: [assessmentRoutes],
  sweep: {
    pathParams: {
      // An assessment the sweep logged on the tenant's trace.
      assessmentId: (t) => t.ids.assessmentId ?? "",
    },
  },
});
