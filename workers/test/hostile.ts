/**
 * The hostile-input suite's generator: every operation of /api/openapi.json × a fixed list of
 * mutations of its JSON body, path parameters and query parameters, each with the answer the
 * API owes it. A new route is covered as soon as it is documented. What the API owes:
 *   - malformed JSON, or JSON nested deeper than MAX_JSON_DEPTH: 400 BAD_REQUEST;
 *   - a body over the cap: 413; a body that is not application/json: 415;
 *   - a body or query the document itself forbids (wrong type, null, out of range, unknown
 *     field …): 422 INVALID_INPUT — never coerced, never accepted;
 *   - another format of id in a path: some 4xx; anything else: no 5xx, and whatever a 2xx
 *     stores or answers is well-formed text (lone surrogates replaced).
 * The mutations and what each is owed are in hostile-mutations.ts, the checks of the answers
 * in hostile-checks.ts; the tests are http/hostile*.test.ts.
 */
import type { AccessRule } from "../auth/access";
import { PASSWORD } from "./accounts";
import { BASE } from "./helpers";
import {
  bodyExpectation,
  DOCUMENT_MUTATIONS,
  type Expectation,
  FREE_PARAMS,
  PATH_MUTATIONS,
  QUERY_MUTATIONS,
  queryExpectation,
  VALUE_MUTATIONS,
  withRaw,
} from "./hostile-mutations";
import { type Field, fieldsOf, objectsOf, resolveRefs, sampleValue } from "./json-schema";
import { fill, type OpenApiDocument, type Operation, PATH_FIXTURES, type Tenant } from "./security";

export type { Expectation } from "./hostile-mutations";

export type BuiltRequest = { path: string; init: RequestInit; expect: Expectation };
export type HostileCase = { operation: string; mutation: string; build: () => BuiltRequest };

/**
 * Base bodies where a sample from the schema would not do: each keeps an accepted mutation
 * harmless to the shared tenant (matches nothing, changes nothing) or reaches the domain code.
 */
const BASE_BODIES: Record<string, (t: Tenant) => Record<string, unknown>> = {
  // A filter that matches no trace: an accepted mutation deletes nothing of the tenant's.
  "POST /api/v1/projects/{projectId}/traces/delete": () => ({ name: "hostile-suite-matches-nothing" }),
  // The fixture user is a viewer and stays one.
  "PATCH /api/v1/orgs/{orgId}/members/{userId}": () => ({ role: "viewer" }),
  "POST /api/v1/projects": (t) => ({ orgId: t.owner.orgId }),
  // The owner's own password, set to itself. (An accepted new password with a surrogate changes
  // it; later cases then fail the current-password check, still inside the domain code.)
  "POST /api/v1/auth/password": () => ({ currentPassword: PASSWORD, newPassword: PASSWORD }),
};

/** Failed logins are throttled per client address: each hostile login comes from its own. */
const randomAddress = () => `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;

function credential(rule: AccessRule, t: Tenant): Record<string, string> {
  if (rule.level === "public") return { origin: BASE, "cf-connecting-ip": randomAddress() };
  if (rule.level === "key")
    return { authorization: `Bearer ${rule.permission === "traces:ingest" ? t.keys.ingest : t.keys.admin}` };
  return { cookie: t.owner.cookie, origin: BASE };
}

let seq = 0;

/** Every hostile case of one operation, for tenant `t` (requests are built when sent). */
export function hostileCases(op: Operation, doc: OpenApiDocument, t: Tenant): HostileCase[] {
  const operation = `${op.method} ${op.path}`;
  const components = doc.components?.schemas ?? {};
  const headers = () => credential(op.rule, t);
  const path = fill(op.path, t);
  const cases: HostileCase[] = [];
  const add = (mutation: string, build: () => BuiltRequest) => cases.push({ operation, mutation, build });

  const rawBody = op.spec.requestBody?.content?.["application/json"]?.schema;
  const schema = rawBody ? resolveRefs(rawBody, components) : null;
  const baseBody = () => {
    seq++;
    const sample = sampleValue(schema ?? {}, seq) as Record<string, unknown>;
    return { ...sample, ...BASE_BODIES[operation]?.(t) };
  };
  /** A request with `body`, sent as JSON unless `contentType` says otherwise (null: no header). */
  const jsonInit = (body: BodyInit | null, contentType?: string | null): RequestInit => {
    const type = contentType === undefined ? (body === null ? null : "application/json") : contentType;
    return {
      method: op.method,
      headers: { ...headers(), ...(type ? { "content-type": type } : {}) },
      ...(body === null ? {} : { body }),
    };
  };

  if (schema) {
    const sample = baseBody();
    const fields: Field[] = fieldsOf(schema, sample);
    for (const field of fields) {
      for (const m of VALUE_MUTATIONS) {
        const raw = m.raw(field.schema);
        if (raw === null) continue;
        add(`body.${field.path.join(".")}: ${m.name}`, () => {
          const text = withRaw(baseBody(), field.path, raw);
          return { path, init: jsonInit(text), expect: bodyExpectation(schema, text) };
        });
      }
    }
    for (const object of objectsOf(schema, sample)) {
      add(`body${object.path.map((p) => `.${p}`).join("")}: unknown field`, () => {
        const text = withRaw(baseBody(), [...object.path, "hostileUnknownField"], '"x"');
        return { path, init: jsonInit(text), expect: bodyExpectation(schema, text) };
      });
    }
    for (const m of DOCUMENT_MUTATIONS) {
      add(`body: ${m.name}`, () => {
        const base = JSON.stringify(baseBody());
        const body = m.body(base);
        const expect = m.expect ?? bodyExpectation(schema, typeof body === "string" ? body : base);
        return { path, init: jsonInit(body, m.contentType), expect };
      });
    }
  }

  const bodyText = () => (schema ? JSON.stringify(baseBody()) : null);
  const params = op.spec.parameters ?? [];
  for (const param of params.filter((p) => p.in === "path")) {
    const real = PATH_FIXTURES[param.name]?.(t) ?? "";
    for (const m of PATH_MUTATIONS) {
      const segment = m.segment(real, param.name, t);
      // An id without a prefix (trace, span, session ids) has nothing to strip.
      if (segment === encodeURIComponent(real)) continue;
      add(`path {${param.name}}: ${m.name}`, () => {
        const mutated = op.path
          .replace(`{${param.name}}`, segment)
          .replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(PATH_FIXTURES[name]?.(t) ?? ""));
        const expect: Expectation = FREE_PARAMS.has(param.name)
          ? { kind: "any", why: "a free-text path parameter" }
          : { kind: "client-error", why: "not one of the tenant's ids of this kind" };
        return { path: mutated, init: jsonInit(bodyText()), expect };
      });
    }
  }
  for (const param of params.filter((p) => p.in === "query")) {
    const s = resolveRefs(param.schema ?? {}, components);
    for (const m of QUERY_MUTATIONS) {
      const values = m.values(s);
      if (values === null) continue;
      add(`query ${param.name}: ${m.name}`, () => ({
        path: `${path}?${values.map((v) => `${param.name}=${v}`).join("&")}`,
        init: jsonInit(bodyText()),
        expect: queryExpectation(s, values),
      }));
    }
  }
  if (params.some((p) => p.in === "query")) {
    add("query: unknown parameter", () => ({
      path: `${path}?hostileUnknown=%ED%A0%80`,
      init: jsonInit(bodyText()),
      expect: { kind: "any", why: "unknown parameters are ignored" },
    }));
  }
  return cases;
}
