import { defineCapability } from "../capability";
import { projectRoutes } from "./routes";

/** Projects of an organization. */
export const projectsCapability = defineCapability({
  name: "projects",
  routes: [projectRoutes],
  sweep: { pathParams: { projectId: (t) => t.projectId } },
});
