import type { Principal } from "../auth/principal";
import type { Bindings } from "../env";
import type { Services } from "../lib/services";

/** Hono's generic environment for every route: raw bindings plus what middleware sets. */
export type HonoEnv = {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    services: Services;
    principal: Principal | null;
    /** The typed request context the access middleware builds (auth/context.ts). */
    ctx: import("../auth/context").AnyContext;
  };
};
