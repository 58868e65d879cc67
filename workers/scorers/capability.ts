import { defineCapability } from "../capability";
import { scorerRoutes } from "./routes";

/** The project's scorer registry (immutable versions), rule scorers, and the scoring endpoint. */
export const scorersCapability = defineCapability({
  name: "scorers",
  routes: [scorerRoutes],
  sweep: {
    pathParams: {
      // A scorer the sweep created in the tenant's project.
      scorerId: (t) => t.ids.scorerId ?? "",
    },
  },
});
