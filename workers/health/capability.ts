import { defineCapability } from "../capability";
import { healthRoutes } from "./routes";

/** Service health for load balancers and people. */
export const healthCapability = defineCapability({
  name: "health",
  routes: [healthRoutes],
});
