import { defineCapability } from "../capability";
import { locateRoutes } from "./locate";
import { metricRoutes } from "./metric-routes";
import { retention, retentionJob } from "./retention";
import { traceRoutes } from "./routes";
import { sessionRoutes } from "./session-routes";

/** Trace search, detail, tags, deletion, export, sessions, metrics and links without a project. */
export const tracesCapability = defineCapability({
  name: "traces",
  routes: [traceRoutes, sessionRoutes, metricRoutes, locateRoutes],
  jobs: [retentionJob],
  crons: [retention],
  sweep: {
    pathParams: {
      traceId: (t) => t.ids.traceId ?? "",
      // The root span of the tenant's trace (traces/{traceId}/spans/{spanId}).
      spanId: (t) => t.ids.spanId ?? "",
      sessionId: (t) => t.ids.sessionId ?? "",
      // A tag key on the tenant's trace (tags/{key}): not a tenant id.
      key: () => "env",
    },
    notTenantIds: ["key"],
  },
});
