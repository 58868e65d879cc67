import type { Bindings } from "../env";
import type { Services } from "../lib/services";

/** Hono's generic environment for every route: raw bindings plus what middleware sets. */
export type HonoEnv = {
  Bindings: Bindings;
  Variables: { requestId: string; services: Services };
};
