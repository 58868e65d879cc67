/**
 * The shared security check: for every route in the OpenAPI document that declares
 * `x-sightline-access`, it asserts that
 *   - no credential answers 401,
 *   - a revoked or an expired API key answers 401,
 *   - a key whose scopes, or a user whose role, lack the route's permission answers 403,
 *   - another tenant's ids in the path answer 404 (to a key and to a user),
 * and that none of those refused requests changed any of either tenant's rows.
 * Capabilities say how to fill their path parameters in their manifests (sweep.pathParams).
 */
import { type SQL, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Role } from "../../schema/accounts";
import type { Scope } from "../../schema/api-keys";
import type { AccessRule } from "../auth/access";
import { type Permission, ROLE_PERMISSIONS, SCOPE_PERMISSIONS } from "../auth/permissions";
import { CAPABILITIES } from "../capabilities";
import type { Capability, SweepTenant } from "../capability";
import { addMember, asKey, asUser, createKey, expireKey, type SignedUp, signUp } from "./accounts";
import { call, type Sender } from "./helpers";
import { agentTrace, sendOtlpJson } from "./otlp";
import { testOrgDb, testServices } from "./services";
import { webhookFixture } from "./webhooks";

export type Tenant = {
  owner: SignedUp;
  members: Record<Exclude<Role, "owner">, SignedUp>;
  keys: Record<Scope, string> & { revoked: string; expired: string };
  ids: Record<string, string>;
};

/** The sweep's view of a tenant, as capabilities' manifests fill path parameters from it. */
function sweepView(t: Tenant): SweepTenant {
  return {
    orgId: t.owner.orgId,
    projectId: t.owner.projectId,
    ids: { ...t.ids, userId: t.members.viewer.userId },
  };
}

/** How to fill each path parameter for a tenant, from the manifests of `capabilities`. */
export function pathFixturesOf(capabilities: readonly Capability[]): Record<string, (t: Tenant) => string> {
  const fixtures: Record<string, (t: Tenant) => string> = {};
  for (const capability of capabilities) {
    for (const [name, fill] of Object.entries(capability.sweep?.pathParams ?? {})) {
      if (fixtures[name]) throw new Error(`path parameter {${name}} is declared by two capabilities`);
      fixtures[name] = (t) => fill(sweepView(t));
    }
  }
  return fixtures;
}

/**
 * How to fill each path parameter for a tenant: from the capabilities' manifests
 * (workers/capabilities.ts), so a capability's routes are swept as soon as it is listed.
 */
export const PATH_FIXTURES = pathFixturesOf(CAPABILITIES);

/**
 * What the sweep runs against: where requests go (the deployed Worker, or an app a test made
 * from another list of capabilities) and the path fixtures and non-tenant parameters of that list.
 */
export type SweepTarget = {
  via: Sender;
  fixtures: Record<string, (t: Tenant) => string>;
  /** Parameters that are not tenant ids, so "another tenant's id" does not apply to them. */
  notTenantIds: ReadonlySet<string>;
};

/** The sweep's target for an app made of `capabilities`, reached through `via`. */
export function sweepTargetOf(capabilities: readonly Capability[], via: Sender): SweepTarget {
  return {
    via,
    fixtures: pathFixturesOf(capabilities),
    notTenantIds: new Set(capabilities.flatMap((c) => c.sweep?.notTenantIds ?? [])),
  };
}

const DEPLOYED: SweepTarget = sweepTargetOf(CAPABILITIES, call);

/**
 * Valid bodies for routes that take a child id, so that a request with the caller's own parent
 * ids and another tenant's child id reaches the lookup instead of failing validation.
 */
export const VALID_BODIES: Record<string, unknown> = {
  "PATCH /api/v1/orgs/{orgId}/members/{userId}": { role: "member" },
  "PUT /api/v1/projects/{projectId}/traces/{traceId}/tags/{key}": { value: "x" },
  "POST /api/v1/projects/{projectId}/traces/{traceId}/assessments": { name: "thumbs", value: true },
  "PATCH /api/v1/projects/{projectId}/traces/{traceId}/assessments/{assessmentId}": { value: false },
  "POST /api/v1/projects/{projectId}/scorers/{scorerId}/versions": {
    definition: { type: "rule", rule: { kind: "not_empty" } },
  },
  "POST /api/v1/projects/{projectId}/datasets/{datasetId}/records": { records: [{ inputs: { q: "x" } }] },
  "PATCH /api/v1/projects/{projectId}/datasets/{datasetId}/records/{recordId}": { expectations: {} },
  "POST /api/v1/projects/{projectId}/datasets/{datasetId}/records/delete": { ids: ["dsr_x"] },
  "POST /api/v1/projects/{projectId}/datasets/{datasetId}/imports": { format: "jsonl" },
  "POST /api/v1/projects/{projectId}/datasets/{datasetId}/from-traces": { traceIds: ["0".repeat(32)] },
  "POST /api/v1/projects/{projectId}/evaluations/{runId}/rows": { records: [] },
  "PATCH /api/v1/projects/{projectId}/prompts/{promptName}": { description: "x" },
  "PATCH /api/v1/projects/{projectId}/webhooks/{webhookId}": { name: "renamed" },
  "POST /api/v1/projects/{projectId}/prompts/{promptName}/versions": { template: "Hello {{ name }}" },
  "POST /api/v1/projects/{projectId}/prompts/{promptName}/versions/{version}/render": { variables: {} },
  "PUT /api/v1/projects/{projectId}/prompts/{promptName}/aliases/{alias}": { version: 1 },
  "POST /api/v1/projects/{projectId}/prompts/{promptName}/versions/{version}/try": {
    variables: { who: "you" },
  },
  "PATCH /api/v1/projects/{projectId}/monitors/{monitorId}": { samplingRate: 0.1 },
  "POST /api/v1/projects/{projectId}/monitors/{monitorId}/backfills": { days: 1 },
  "PATCH /api/v1/projects/{projectId}/alert-rules/{ruleId}": { enabled: false },
  "POST /api/v1/projects/{projectId}/alerts/{alertId}/mute": { minutes: 5 },
};

/** An organization with an owner, one member per role, keys per scope, and a revoked and an expired key. */
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
  const logged = await asKey(
    ingest.key,
    `/api/v1/projects/${owner.projectId}/traces/${trace.traceId}/assessments`,
    {
      method: "POST",
      json: { name: "thumbs", value: true },
    },
  );
  expect(logged.status).toBe(201);
  const assessmentId = ((await logged.json()) as { id: string }).id;
  const provider = await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/judge-providers`, {
    method: "POST",
    json: { name: "openai", baseUrl: "http://127.0.0.1:9/v1", apiKey: "sk-sweep-0000" },
  });
  expect(provider.status).toBe(201);
  const providerId = ((await provider.json()) as { id: string }).id;
  const scorer = await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/scorers`, {
    method: "POST",
    json: { name: "not_empty", definition: { type: "rule", rule: { kind: "not_empty" } } },
  });
  expect(scorer.status).toBe(201);
  const scorerId = ((await scorer.json()) as { id: string }).id;
  const scoreJob = await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/score/jobs`, {
    method: "POST",
    json: { scorer: { scorerId }, traceIds: [trace.traceId] },
  });
  expect(scoreJob.status).toBe(202);
  const scoreJobId = ((await scoreJob.json()) as { id: string }).id;
  const { datasetId, recordId, importId } = await datasetFixture(owner);
  const run = await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/evaluations`, {
    method: "POST",
    json: { data: { records: [{ inputs: { q: "sweep" }, outputs: "ok" }] }, scorers: [{ scorerId }] },
  });
  expect(run.status).toBe(202);
  const runId = ((await run.json()) as { id: string }).id;
  const promptName = await promptFixture(owner);
  // A paused monitor: it scores nothing while the sweep sends traces.
  const monitor = await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/monitors`, {
    method: "POST",
    json: { scorerId, samplingRate: 1, status: "paused" },
  });
  expect(monitor.status).toBe(201);
  const monitorId = ((await monitor.json()) as { id: string }).id;
  const backfill = await asUser(
    owner.cookie,
    `/api/v1/projects/${owner.projectId}/monitors/${monitorId}/backfills`,
    {
      method: "POST",
      json: { days: 1 },
    },
  );
  expect(backfill.status).toBe(202);
  const backfillId = ((await backfill.json()) as { id: string }).id;
  const { ruleId, alertId } = await alertFixture(owner);
  const { webhookId, deliveryId } = await webhookFixture(owner);
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
    ids: {
      keyId: ingest.id,
      invitationId,
      traceId: trace.traceId,
      spanId: trace.rootSpanId,
      sessionId,
      assessmentId,
      providerId,
      scorerId,
      scoreJobId,
      datasetId,
      recordId,
      importId,
      runId,
      promptName,
      monitorId,
      backfillId,
      ruleId,
      alertId,
      webhookId,
      deliveryId,
    },
  };
}

/**
 * An alert rule, and an alert of it: written straight into the tenant's data, as the cron would
 * (firing a rule for real needs hours of scored traffic; workers/alerts/alerts.test.ts does that).
 */
async function alertFixture(owner: Awaited<ReturnType<typeof signUp>>) {
  const rule = await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/alert-rules`, {
    method: "POST",
    json: {
      name: "sweep",
      config: { kind: "threshold", metric: "trace_volume", direction: "above", threshold: 1e9 },
    },
  });
  expect(rule.status).toBe(201);
  const ruleId = ((await rule.json()) as { id: string }).id;
  const alertId = testServices().ids("alertEvent");
  const now = Date.now();
  await testOrgDb(
    owner.orgId,
  ).run(sql`insert into alert_events (id, org_id, project_id, rule_id, rule_name, state,
    window_start, window_end, numbers, summary, fired_at) values (${alertId}, ${owner.orgId}, ${owner.projectId},
    ${ruleId}, 'sweep', 'firing', ${now - 3_600_000}, ${now}, '{}', 'sweep', ${now})`);
  return { ruleId, alertId };
}

/** A prompt (named differently in every tenant) with its `production` alias, for the prompt routes. */
async function promptFixture(owner: Awaited<ReturnType<typeof signUp>>): Promise<string> {
  const name = `sweep-${crypto.randomUUID().slice(0, 8)}`;
  const base = `/api/v1/projects/${owner.projectId}/prompts`;
  const created = await asUser(owner.cookie, base, {
    method: "POST",
    json: { name, template: "Hi {{ who }}" },
  });
  expect(created.status).toBe(201);
  const alias = await asUser(owner.cookie, `${base}/${name}/aliases/production`, {
    method: "PUT",
    json: { version: 1 },
  });
  expect(alias.status).toBe(200);
  return name;
}

/** A dataset with one record, and a committed import session, for the dataset routes. */
async function datasetFixture(owner: Awaited<ReturnType<typeof signUp>>) {
  const base = `/api/v1/projects/${owner.projectId}/datasets`;
  const created = await asUser(owner.cookie, base, { method: "POST", json: { name: "sweep" } });
  expect(created.status).toBe(201);
  const datasetId = ((await created.json()) as { id: string }).id;
  const merged = await asUser(owner.cookie, `${base}/${datasetId}/records`, {
    method: "POST",
    json: { records: [{ inputs: { question: "sweep?" } }] },
  });
  expect(merged.status).toBe(200);
  const page = await asUser(owner.cookie, `${base}/${datasetId}/records`);
  const recordId = ((await page.json()) as { records: { id: string }[] }).records[0]?.id ?? "";
  const opened = await asUser(owner.cookie, `${base}/${datasetId}/imports`, {
    method: "POST",
    json: { format: "jsonl" },
  });
  expect(opened.status).toBe(201);
  const importId = ((await opened.json()) as { id: string }).id;
  const committed = await asUser(owner.cookie, `${base}/${datasetId}/imports/${importId}/commit`, {
    method: "POST",
    json: {},
  });
  expect(committed.status).toBe(200);
  return { datasetId, recordId, importId };
}

/** The parts of an OpenAPI operation the shared suites read (parameters and the JSON body schema). */
export type OperationSpec = {
  "x-sightline-access"?: AccessRule;
  parameters?: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> };
};
export type OpenApiDocument = {
  paths: Record<string, Record<string, OperationSpec>>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
};
export type Operation = { method: string; path: string; rule: AccessRule; spec: OperationSpec };

export async function openApiDocument(): Promise<OpenApiDocument> {
  return (await (await call("/api/openapi.json")).json()) as OpenApiDocument;
}

/**
 * Every documented operation with its access rule. Every route is declared through defineRoute,
 * public ones (health, diagnostics, signup …) included, so an operation without a rule is a
 * route that skipped it: that fails the suite.
 */
export async function documentedOperations(options: { doc?: OpenApiDocument } = {}): Promise<Operation[]> {
  const doc = options.doc ?? (await openApiDocument());
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, spec] of Object.entries(item)) {
      const rule = spec["x-sightline-access"];
      if (!rule) throw new Error(`${method.toUpperCase()} ${path} declares no x-sightline-access`);
      ops.push({ method: method.toUpperCase(), path, rule, spec });
    }
  }
  return ops;
}

/** The path with every parameter from `tenant`, or from `other` for the parameters named in `fromOther`. */
export function fill(
  path: string,
  tenant: Tenant,
  other: Tenant = tenant,
  fromOther: Set<string> = new Set(),
  fixtures: Record<string, (t: Tenant) => string> = PATH_FIXTURES,
): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const fixture = fixtures[name];
    if (!fixture) throw new Error(`no PATH_FIXTURES entry for path parameter {${name}} in ${path}`);
    return encodeURIComponent(fixture(fromOther.has(name) ? other : tenant));
  });
}

/** Columns that any accepted credential may touch (key last-use, session renewal). */
const VOLATILE_COLUMNS = new Set(["api_keys.last_used_at", "sessions.expires_at"]);

type TablePlan = { name: string; columns: string[] };
let tablePlans: Promise<TablePlan[]> | undefined;

/** Each table and the columns compared (migrations ran before the tests, so once per file). */
function tablesToCompare(): Promise<TablePlan[]> {
  tablePlans ??= (async () => {
    const { db } = testServices();
    const tables = await db.all<{ name: string }>(
      sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
    );
    return Promise.all(
      tables.map(async ({ name }) => ({
        name,
        columns: (await db.all<{ name: string }>(sql`select name from pragma_table_info(${name})`))
          .map((c) => c.name)
          .filter((c) => !VOLATILE_COLUMNS.has(`${name}.${c}`)),
      })),
    );
  })();
  return tablePlans;
}

/** Owners of rows: tables keyed by any of these columns (and orgs, users by id) are read. */
export type RowOwners = { org_id: string[]; project_id: string[]; user_id: string[] };

/**
 * Every row the owners own, whole, as JSON text per row (ordered, so snapshots compare). With
 * `hex`, each text column comes as hex(column) in an object by column name: bytes, read without
 * decoding them as text, so stored text that is not UTF-8 can be found without reading it.
 * One statement, so suites can afford a snapshot around every request.
 */
export async function ownedRows(
  owners: RowOwners,
  options: { hex?: boolean } = {},
): Promise<Record<string, unknown[]>> {
  const { db } = testServices();
  const list = (ids: string[]) =>
    sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
  const rows: Record<string, unknown[]> = {};
  const selects: SQL[] = [];
  for (const { name, columns } of await tablesToCompare()) {
    const filters = [
      ...(Object.keys(owners) as (keyof RowOwners)[])
        .filter((k) => columns.includes(k) && owners[k].length > 0)
        .map((k) => sql`${sql.identifier(k)} in (${list(owners[k])})`),
      ...(name === "orgs" && owners.org_id.length > 0 ? [sql`id in (${list(owners.org_id)})`] : []),
      ...(name === "users" && owners.user_id.length > 0 ? [sql`id in (${list(owners.user_id)})`] : []),
    ];
    if (filters.length === 0) continue;
    rows[name] = [];
    const values = sql.raw(
      options.hex
        ? `json_object(${columns.map((c) => `'${c}', case when typeof("${c}") = 'text' then hex("${c}") end`).join(", ")})`
        : `json_array(${columns.map((c) => `"${c}"`).join(", ")})`,
    );
    selects.push(
      sql`select ${name} as t, ${values} as row from ${sql.identifier(name)} where ${sql.join(filters, sql` or `)}`,
    );
  }
  if (selects.length === 0) return rows;
  const found = await db.all<{ t: string; row: string }>(
    sql`${sql.join(selects, sql` union all `)} order by 1, 2`,
  );
  for (const { t, row } of found) rows[t]?.push(row);
  return rows;
}

/**
 * Every row the tenants own, whole: rows of tables keyed by org_id, project_id or user_id (for
 * these organizations, projects and users) and the organizations themselves. Comparing it before
 * and after catches updates and deletes as well as inserts.
 */
export function tenantRows(
  tenants: Tenant[],
  options: { hex?: boolean } = {},
): Promise<Record<string, unknown[]>> {
  return ownedRows(
    {
      org_id: tenants.map((t) => t.owner.orgId),
      project_id: tenants.map((t) => t.owner.projectId),
      user_id: tenants.flatMap((t) => [t.owner.userId, ...Object.values(t.members).map((m) => m.userId)]),
    },
    options,
  );
}

type Case = { name: string; send: () => Promise<Response>; status: number; code: string };

function casesFor(op: Operation, own: Tenant, other: Tenant, target: SweepTarget): Case[] {
  const { rule, method } = op;
  if (rule.level === "public") return [];
  const { via, fixtures } = target;
  const ownPath = fill(op.path, own, own, new Set(), fixtures);
  const init = method === "GET" || method === "DELETE" ? { method } : { method, json: {} };
  const cases: Case[] = [
    {
      name: "no credential",
      send: () =>
        via(ownPath, {
          method,
          headers: { "content-type": "application/json" },
          body: init.json ? "{}" : undefined,
        }),
      status: 401,
      code: "UNAUTHENTICATED",
    },
    {
      name: "revoked key",
      send: () => asKey(own.keys.revoked, ownPath, init, via),
      status: 401,
      code: "UNAUTHENTICATED",
    },
    {
      name: "expired key",
      send: () => asKey(own.keys.expired, ownPath, init, via),
      status: 401,
      code: "UNAUTHENTICATED",
    },
  ];
  const permission: Permission | null =
    rule.level === "project" || rule.level === "org" || rule.level === "key" ? rule.permission : null;
  if (rule.level === "key") {
    cases.push({
      name: "a dashboard session on a key-only route",
      send: () => asUser(own.owner.cookie, ownPath, init, via),
      status: 403,
      code: "FORBIDDEN",
    });
  }
  if (rule.level === "user") {
    cases.push({
      name: "an API key on a dashboard-only route",
      send: () => asKey(own.keys.admin, ownPath, init, via),
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
        send: () => asKey(own.keys[weakScope], ownPath, init, via),
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
        send: () => asUser(own.members[weakRole].cookie, ownPath, init, via),
        status: 403,
        code: "FORBIDDEN",
      });
    }
  }
  const tenantParams = [...op.path.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1] ?? "")
    .filter((name) => !target.notTenantIds.has(name));
  // The caller's own parent ids with one child id of another tenant: the child lookup itself
  // must be scoped, not only the parent's.
  const body = VALID_BODIES[`${method} ${op.path}`];
  const childInit = body === undefined ? init : { method, json: body };
  for (const child of tenantParams.slice(1)) {
    const mixedPath = fill(op.path, own, other, new Set([child]), fixtures);
    cases.push({
      name: `another tenant's {${child}} under the owner's own ids`,
      send: () => asUser(own.owner.cookie, mixedPath, childInit, via),
      status: 404,
      code: "NOT_FOUND",
    });
    if (rule.level === "project")
      cases.push({
        name: `another tenant's {${child}} under the key's own project`,
        send: () => asKey(own.keys.admin, mixedPath, childInit, via),
        status: 404,
        code: "NOT_FOUND",
      });
  }
  if (tenantParams.length > 0) {
    const otherPath = fill(op.path, other, other, new Set(), fixtures);
    cases.push(
      {
        name: "another tenant's ids, as the owner",
        send: () => asUser(own.owner.cookie, otherPath, init, via),
        status: 404,
        code: "NOT_FOUND",
      },
      {
        name: "another tenant's ids, with an admin key",
        send: () => asKey(own.keys.admin, otherPath, init, via),
        status: 404,
        code: "NOT_FOUND",
      },
    );
  }
  return cases;
}

/**
 * Runs every case for the given operations against `target`; returns how many requests were
 * checked and what answered otherwise than it must.
 */
export async function sweepRoutes(
  ops: readonly Operation[],
  own: Tenant,
  other: Tenant,
  target: SweepTarget = DEPLOYED,
): Promise<{ checked: number; failures: string[] }> {
  const failures: string[] = [];
  let checked = 0;
  for (const op of ops) {
    for (const c of casesFor(op, own, other, target)) {
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
  return { checked, failures };
}

/** Runs every case for every documented route of the Worker; returns how many requests were checked. */
export async function checkEveryRoute(own: Tenant, other: Tenant): Promise<number> {
  const ops = await documentedOperations();
  const before = await tenantRows([own, other]);
  const { checked, failures } = await sweepRoutes(ops, own, other);
  expect(failures).toEqual([]);
  expect(await tenantRows([own, other])).toEqual(before);
  return checked;
}
