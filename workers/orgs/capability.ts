import { defineCapability } from "../capability";
import { orgRoutes } from "./routes";

/** Organizations, members, invitations and password-reset links. */
export const orgsCapability = defineCapability({
  name: "orgs",
  routes: [orgRoutes],
  sweep: {
    pathParams: {
      orgId: (t) => t.orgId,
      userId: (t) => t.ids.userId ?? "",
      invitationId: (t) => t.ids.invitationId ?? "",
      // Invitation links are capabilities, not tenant ids: anyone holding one may use it.
      token: () => "not-a-real-invitation-token",
    },
    notTenantIds: ["token"],
  },
});
