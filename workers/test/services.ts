import { env } from "cloudflare:workers";
import { type ProjectContext, projectContext, requestContext } from "../auth/context";
import type { ApiKeyPrincipal } from "../auth/principal";
import { parseEnv } from "../env";
import type { Clock } from "../lib/clock";
import { createServices, type Services } from "../lib/services";

/** Real services over the test bindings (local libSQL server, Miniflare queue). */
export function testServices(overrides: { clock?: Clock } = {}): Services {
  const parsed = parseEnv(env);
  if (!parsed.ok) throw new Error(parsed.message);
  return createServices(parsed.env, overrides);
}

/**
 * A project context over the test services for a project that need not exist (plan tests),
 * acting as an admin API key of it.
 */
export function testProjectContext(project: { id: string; orgId: string }): ProjectContext {
  const services = testServices();
  const row = {
    ...project,
    name: "test",
    description: "",
    retentionDays: 30,
    createdAt: 0,
    updatedAt: 0,
    deletedAt: null,
  };
  const principal: ApiKeyPrincipal = {
    type: "api_key",
    keyId: "key_test",
    name: "test",
    prefix: "sl_test",
    orgId: project.orgId,
    projectId: project.id,
    scopes: ["admin"],
    expiresAt: null,
    project: row,
  };
  return projectContext(requestContext(services, principal, { ip: null, requestId: "req_test" }), row, null);
}

/**
 * An organization's data, as `services.orgDb` resolves it: in this suite a second database
 * (workers/vitest.config.ts), so a test reading traces, spans, rollups … through the control
 * plane's handle finds nothing.
 */
export function testOrgDb(orgId = "org_any") {
  // Every organization resolves to the one organizations' database today.
  return testServices().orgDb(orgId);
}
