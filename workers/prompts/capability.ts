import { defineCapability } from "../capability";
import { promptRoutes } from "./routes";
import { promptVersionRoutes } from "./version-routes";

/** The project's prompt registry: immutable versions, aliases with their history, URIs, rendering, trace links. */
export const promptsCapability = defineCapability({
  name: "prompts",
  routes: [promptRoutes, promptVersionRoutes],
  sweep: {
    pathParams: {
      // A prompt the sweep created in the tenant's project (its name differs per tenant), and an
      // alias on it; `{version}` is the datasets' fixture ("1").
      promptName: (t) => t.ids.promptName ?? "",
      alias: () => "production",
    },
    notTenantIds: ["alias"],
  },
});
