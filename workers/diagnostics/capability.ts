import { defineCapability } from "../capability";
import { diagnosticsRoutes } from "./routes";
import { queueProbeCleanup, queueProbeJob } from "./service";

/** Queue round-trip probes (development and test deployments). */
export const diagnosticsCapability = defineCapability({
  name: "diagnostics",
  routes: [diagnosticsRoutes],
  jobs: [queueProbeJob],
  crons: [queueProbeCleanup],
  // Queue probes (dev-only diagnostics) are not tenant data; an id that does not exist.
  sweep: { pathParams: { probeId: () => "qpr_00000000000000000000000000" } },
});
