import type { Principal } from "../auth/principal";
import type { Bindings } from "../env";
import type { Services } from "../lib/services";

/** What the access middleware resolved for a route: the caller and the tenant it acts in. */
export type Access = {
  principal: Principal;
  orgId: string;
  /** The caller's role in the organisation (users), or null (API keys). */
  role: import("../../schema/accounts").Role | null;
  project: typeof import("../../schema/accounts").projects.$inferSelect | null;
  ip: string | null;
};

/** Hono's generic environment for every route: raw bindings plus what middleware sets. */
export type HonoEnv = {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    services: Services;
    principal: Principal | null;
    access: Access;
    /** The typed request context the access middleware builds (auth/context.ts). */
    ctx: import("../auth/context").AnyContext;
  };
};
