/**
 * The shared security check: for every route in the OpenAPI document that declares
 * `x-sightline-access`, it asserts that
 *   - no credential answers 401,
 *   - a revoked or an expired API key answers 401,
 *   - a key whose scopes, or a user whose role, lack the route's permission answers 403,
 *   - another tenant's ids in the path answer 404 (to a key and to a user),
 * and that none of those refused requests changed any of either tenant's rows.
 * Later capabilities register how to fill their path parameters in PATH_FIXTURES.
 */
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Role } from "../../schema/accounts";
import type { Scope } from "../../schema/api-keys";
import type { AccessRule } from "../auth/access";
import { type Permission, ROLE_PERMISSIONS, SCOPE_PERMISSIONS } from "../auth/permissions";
import { addMember, asKey, asUser, createKey, expireKey, type SignedUp, signUp } from "./accounts";
import { call } from "./helpers";
import { agentTrace, sendOtlpJson } from "./otlp";
import { testServices } from "./services";

export type Tenant = {
  owner: SignedUp;
  members: Record<Exclude<Role, "owner">, SignedUp>;
  keys: Record<Scope, string> & { revoked: string; expired: string };
  ids: Record<string, string>;
};

/** How to fill each path parameter for a tenant. Add an entry when a route introduces one. */
export const PATH_FIXTURES: Record<string, (t: Tenant) => string> = {
  orgId: (t) => t.owner.orgId,
  projectId: (t) => t.owner.projectId,
  userId: (t) => t.members.viewer.userId,
  keyId: (t) => t.ids.keyId ?? "",
  invitationId: (t) => t.ids.invitationId ?? "",
  // Invitation links are capabilities, not tenant ids: anyone holding one may use it.
  token: () => "not-a-real-invitation-token",
  traceId: (t) => t.ids.traceId ?? "",
  sessionId: (t) => t.ids.sessionId ?? "",
  // The root span of the tenant's trace (traces/{traceId}/spans/{spanId}).
  spanId: (t) => t.ids.spanId ?? "",
  // A tag key on the tenant's trace (tags/{key}).
  key: () => "env",
};

/** Parameters that are not tenant ids, so "another tenant's id" does not apply to them. */
const CAPABILITY_PARAMS = new Set(["token", "key"]);

/**
 * Valid bodies for routes that take a child id, so that a request with the caller's own parent
 * ids and another tenant's child id reaches the lookup instead of failing validation.
 */
const VALID_BODIES: Record<string, unknown> = {
  "PATCH /api/v1/orgs/{orgId}/members/{userId}": { role: "member" },
  "PUT /api/v1/projects/{projectId}/traces/{traceId}/tags/{key}": { value: "x" },
};

/** An organisation with an owner, one member per role, keys per scope, and a revoked and an expired key. */
export async function makeTenant(label: string): Promise<Tenant> {
  const owner = await signUp({ name: `${label} owner`, organization: `${label} org` });
  const [admin, member, annotator, viewer] = await Promise.all(
    (["admin", "member", "annotator", "viewer"] as const).map((role) => addMember(owner, role)),
  );
  const [ingest, read, write, adminKey, revoked, expired] = await Promise.all([
    createKey(owner, ["ingest"]),
    createKey(owner, ["read"]),
    createKey(owner, ["write"]),
    createKey(owner, ["admin"]),
    createKey(owner, ["admin"]),
    createKey(owner, ["admin"]),
  ]);
  const revoke = await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/api-keys/${revoked.id}`, {
    method: "DELETE",
  });
  expect(revoke.status).toBe(204);
  await expireKey(expired.id);
  const invitation = await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/invitations`, {
    method: "POST",
    json: { role: "viewer" },
  });
  const invitationId = ((await invitation.json()) as { id: string }).id;
  // One real trace (with a session and an `env` tag) for the trace and session routes.
  const sessionId = `${label.toLowerCase()}-session-${crypto.randomUUID()}`;
  const trace = agentTrace({ sessionId, userId: `${label.toLowerCase()}-user` });
  const sent = await sendOtlpJson(ingest.key, trace.spans);
  expect(sent.status).toBe(200);
  return {
    owner,
    members: { admin, member, annotator, viewer } as Tenant["members"],
    keys: {
      ingest: ingest.key,
      read: read.key,
      write: write.key,
      admin: adminKey.key,
      revoked: revoked.key,
      expired: expired.key,
    },
    ids: { keyId: ingest.id, invitationId, traceId: trace.traceId, spanId: trace.rootSpanId, sessionId },
  };
}

type Operation = { method: string; path: string; rule: AccessRule };

export async function documentedOperations(): Promise<Operation[]> {
  const doc = (await (await call("/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, { "x-sightline-access"?: AccessRule }>>;
  };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const rule = op["x-sightline-access"];
      if (path.startsWith("/api/v1/") && !rule)
        throw new Error(`${method.toUpperCase()} ${path} declares no x-sightline-access`);
      if (rule) ops.push({ method: method.toUpperCase(), path, rule });
    }
  }
  return ops;
}

/** The path with every parameter from `tenant`, or from `other` for the parameters named in `fromOther`. */
function fill(
  path: string,
  tenant: Tenant,
  other: Tenant = tenant,
  fromOther: Set<string> = new Set(),
): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const fixture = PATH_FIXTURES[name];
    if (!fixture) throw new Error(`no PATH_FIXTURES entry for path parameter {${name}} in ${path}`);
    return encodeURIComponent(fixture(fromOther.has(name) ? other : tenant));
  });
}

/** Columns that any accepted credential may touch (key last-use, session renewal). */
const VOLATILE_COLUMNS = new Set(["api_keys.last_used_at", "sessions.expires_at"]);

/**
 * Every row the tenants own, whole: rows of tables keyed by org_id, project_id or user_id (for
 * these organisations, projects and users) and the organisations themselves. Comparing it before
 * and after catches updates and deletes as well as inserts.
 */
async function tenantRows(tenants: Tenant[]): Promise<Record<string, unknown[]>> {
  const { db } = testServices();
  const list = (ids: string[]) =>
    sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
  const keys = {
    org_id: tenants.map((t) => t.owner.orgId),
    project_id: tenants.map((t) => t.owner.projectId),
    user_id: tenants.flatMap((t) => [t.owner.userId, ...Object.values(t.members).map((m) => m.userId)]),
  };
  const tables = await db.all<{ name: string }>(
    sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
  );
  const rows: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const columns = (await db.all<{ name: string }>(sql`select name from pragma_table_info(${name})`))
      .map((c) => c.name)
      .filter((c) => !VOLATILE_COLUMNS.has(`${name}.${c}`));
    const filters = [
      ...(Object.keys(keys) as (keyof typeof keys)[])
        .filter((k) => columns.includes(k))
        .map((k) => sql`${sql.identifier(k)} in (${list(keys[k])})`),
      ...(name === "orgs" ? [sql`id in (${list(keys.org_id)})`] : []),
      ...(name === "users" ? [sql`id in (${list(keys.user_id)})`] : []),
    ];
    if (filters.length === 0) continue;
    const values = sql.raw(`json_array(${columns.map((c) => `"${c}"`).join(", ")})`);
    rows[name] = (
      await db.all<{ row: string }>(
        sql`select ${values} as row from ${sql.identifier(name)} where ${sql.join(filters, sql` or `)} order by 1`,
      )
    ).map((r) => r.row);
  }
  return rows;
}

type Case = { name: string; send: () => Promise<Response>; status: number; code: string };

function casesFor(op: Operation, own: Tenant, other: Tenant): Case[] {
  const { rule, method } = op;
  if (rule.level === "public") return [];
  const ownPath = fill(op.path, own);
  const init = method === "GET" || method === "DELETE" ? { method } : { method, json: {} };
  const cases: Case[] = [
    {
      name: "no credential",
      send: () =>
        call(ownPath, {
          method,
          headers: { "content-type": "application/json" },
          body: init.json ? "{}" : undefined,
        }),
      status: 401,
      code: "UNAUTHENTICATED",
    },
    {
      name: "revoked key",
      send: () => asKey(own.keys.revoked, ownPath, init),
      status: 401,
      code: "UNAUTHENTICATED",
    },
    {
      name: "expired key",
      send: () => asKey(own.keys.expired, ownPath, init),
      status: 401,
      code: "UNAUTHENTICATED",
    },
  ];
  const permission: Permission | null =
    rule.level === "project" || rule.level === "org" || rule.level === "key" ? rule.permission : null;
  if (rule.level === "key") {
    cases.push({
      name: "a dashboard session on a key-only route",
      send: () => asUser(own.owner.cookie, ownPath, init),
      status: 403,
      code: "FORBIDDEN",
    });
  }
  if (rule.level === "user") {
    cases.push({
      name: "an API key on a dashboard-only route",
      send: () => asKey(own.keys.admin, ownPath, init),
      status: 403,
      code: "FORBIDDEN",
    });
  }
  if (permission) {
    const weakScope = (Object.keys(SCOPE_PERMISSIONS) as Scope[]).find(
      (s) => !(SCOPE_PERMISSIONS[s] as readonly Permission[]).includes(permission),
    );
    if (weakScope) {
      cases.push({
        name: `a ${weakScope} key`,
        send: () => asKey(own.keys[weakScope], ownPath, init),
        status: 403,
        code: "FORBIDDEN",
      });
    }
    const weakRole = (["viewer", "annotator", "member", "admin"] as const).find(
      (r) => !ROLE_PERMISSIONS[r].includes(permission),
    );
    if (weakRole && rule.level !== "key") {
      cases.push({
        name: `a ${weakRole}`,
        send: () => asUser(own.members[weakRole].cookie, ownPath, init),
        status: 403,
        code: "FORBIDDEN",
      });
    }
  }
  const tenantParams = [...op.path.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1] ?? "")
    .filter((name) => !CAPABILITY_PARAMS.has(name));
  // The caller's own parent ids with one child id of another tenant: the child lookup itself
  // must be scoped, not only the parent's.
  const body = VALID_BODIES[`${method} ${op.path}`];
  const childInit = body === undefined ? init : { method, json: body };
  for (const child of tenantParams.slice(1)) {
    const mixedPath = fill(op.path, own, other, new Set([child]));
    cases.push({
      name: `another tenant's {${child}} under the owner's own ids`,
      send: () => asUser(own.owner.cookie, mixedPath, childInit),
      status: 404,
      code: "NOT_FOUND",
    });
    if (rule.level === "project")
      cases.push({
        name: `another tenant's {${child}} under the key's own project`,
        send: () => asKey(own.keys.admin, mixedPath, childInit),
        status: 404,
        code: "NOT_FOUND",
      });
  }
  if (tenantParams.length > 0) {
    const otherPath = fill(op.path, other);
    cases.push(
      {
        name: "another tenant's ids, as the owner",
        send: () => asUser(own.owner.cookie, otherPath, init),
        status: 404,
        code: "NOT_FOUND",
      },
      {
        name: "another tenant's ids, with an admin key",
        send: () => asKey(own.keys.admin, otherPath, init),
        status: 404,
        code: "NOT_FOUND",
      },
    );
  }
  return cases;
}

/** Runs every case for every documented route; returns how many requests were checked. */
export async function checkEveryRoute(own: Tenant, other: Tenant): Promise<number> {
  const ops = await documentedOperations();
  const before = await tenantRows([own, other]);
  const failures: string[] = [];
  let checked = 0;
  for (const op of ops) {
    for (const c of casesFor(op, own, other)) {
      const res = await c.send();
      checked++;
      const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
      if (res.status !== c.status || body?.error?.code !== c.code) {
        failures.push(
          `${op.method} ${op.path} with ${c.name}: expected ${c.status} ${c.code}, got ${res.status} ${JSON.stringify(body)}`,
        );
      }
    }
  }
  expect(failures).toEqual([]);
  expect(await tenantRows([own, other])).toEqual(before);
  return checked;
}
