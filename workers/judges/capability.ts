import { defineCapability } from "../capability";
import { providerRoutes } from "./provider-routes";

/** The organization's judge model providers (and, as the scoring engine grows, the judge runner). */
export const judgesCapability = defineCapability({
  name: "judges",
  routes: [providerRoutes],
  sweep: {
    pathParams: {
      // A provider the sweep added to the tenant's organization.
      providerId: (t) => t.ids.providerId ?? "",
    },
  },
});
