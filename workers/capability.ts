import type { OpenAPIHono } from "@hono/zod-openapi";
import type { CronJob } from "./cron/define";
import type { HonoEnv } from "./http/hono-env";
import type { JobDefinition } from "./jobs/define";

/**
 * What the security sweep knows of a tenant it made (workers/test/security.ts): enough for a
 * capability to say how its path parameters are filled for that tenant.
 */
export type SweepTenant = {
  orgId: string;
  projectId: string;
  /** Ids of objects the sweep created for the tenant (traceId, spanId, sessionId, keyId, …). */
  ids: Record<string, string>;
};

/**
 * One capability, whole: its routes, the queue jobs it handles, its cron jobs, and how the
 * security sweep fills the path parameters it introduces. workers/capabilities.ts lists them;
 * the app, the queue consumer, the scheduler and the sweep fold that one list.
 */
export type Capability = {
  name: string;
  routes?: readonly OpenAPIHono<HonoEnv>[];
  jobs?: readonly JobDefinition[];
  crons?: readonly CronJob[];
  /**
   * Paths (under /api) whose routes read their own request bodies, not JSON (a dataset import's
   * chunks of JSONL or CSV): the app's JSON body check leaves them to the route, which must cap
   * and check the body itself.
   */
  ownBodies?: readonly RegExp[];
  sweep?: {
    /** How to fill each path parameter this capability's routes introduce, for a tenant. */
    pathParams: Record<string, (tenant: SweepTenant) => string>;
    /** Parameters that are not tenant ids (a tag key, a capability link's token): no 404 check. */
    notTenantIds?: readonly string[];
  };
};

export function defineCapability(capability: Capability): Capability {
  return capability;
}
