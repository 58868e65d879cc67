import { defineCapability } from "../capability";
import { purgeProjectJob, purgeSweep } from "./purge";
import { projectRoutes } from "./routes";

/** Projects of an organization. */
export const projectsCapability = defineCapability({
  name: "projects",
  routes: [projectRoutes],
  jobs: [purgeProjectJob],
  crons: [purgeSweep],
  sweep: { pathParams: { projectId: (t) => t.projectId } },
});
