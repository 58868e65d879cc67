import { defineCapability } from "../capability";
import { apiKeyRoutes } from "./routes";

/** Project API keys. */
export const apiKeysCapability = defineCapability({
  name: "api-keys",
  routes: [apiKeyRoutes],
  sweep: { pathParams: { keyId: (t) => t.ids.keyId ?? "" } },
});
