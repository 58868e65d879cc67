import { defineCapability } from "../capability";
import { auditRoutes } from "./routes";

/** The organization's audit log. */
export const auditCapability = defineCapability({
  name: "audit",
  routes: [auditRoutes],
});
