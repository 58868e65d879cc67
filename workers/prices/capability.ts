import { defineCapability } from "../capability";
import { priceRoutes } from "./routes";

/** Per-organization model price overrides. */
export const pricesCapability = defineCapability({
  name: "prices",
  routes: [priceRoutes],
});
