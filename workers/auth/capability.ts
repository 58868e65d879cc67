import { defineCapability } from "../capability";
import { authRoutes } from "./routes";

/** Sign-up, login, sessions, password changes and whoami. */
export const authCapability = defineCapability({
  name: "auth",
  routes: [authRoutes],
});
