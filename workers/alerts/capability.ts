import { defineCapability } from "../capability";
import { alertsCron, evaluateAlertsJob } from "./evaluate";
import { alertRoutes } from "./routes";

/** Alert rules on the rollups (thresholds with confidence, drops against a baseline), their alerts, and the cron that evaluates them. */
export const alertsCapability = defineCapability({
  name: "alerts",
  routes: [alertRoutes],
  jobs: [evaluateAlertsJob],
  crons: [alertsCron],
  sweep: {
    // A rule and an alert the sweep made in the tenant's project.
    pathParams: { ruleId: (t) => t.ids.ruleId ?? "", alertId: (t) => t.ids.alertId ?? "" },
  },
});
