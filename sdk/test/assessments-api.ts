/**
 * A test peer standing in for Sightline's assessments API (workers/assessments): whoami, the
 * batch log, list, get, override and delete, with the API's paths, statuses and error bodies, kept
 * in memory; and the scorer registry and POST /score (workers/scorers), whose results are canned
 * (the rules themselves are tested in workers/scorers). It records every request, and can be scripted to answer the next requests otherwise
 * (a delay, a proxy's HTML page, a malformed body). The server's own behaviour is tested in
 * workers/assessments/assessments.test.ts; this peer only lets the SDK's requests and its handling
 * of the answers be checked.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Assessment, ScoreResult, Scorer, ScorerVersion } from "../src/index.ts";

export interface ApiRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
}

export interface ScriptedReply {
  status?: number;
  body?: string;
  contentType?: string;
  delayMs?: number;
}

export interface FakeApi {
  baseUrl: string;
  requests: ApiRequest[];
  /** API key → its project (an `api_key` principal in whoami). */
  keys: Map<string, string>;
  /** Keys that whoami answers as a user reaching these projects. */
  userKeys: Map<string, string[]>;
  /** Traces the fake's projects hold, as `${projectId}/${traceId}`. */
  traces: Set<string>;
  assessments: Assessment[];
  /** Scorers as `{ projectId, scorer, versions (newest first) }`. */
  scorers: { projectId: string; scorer: Scorer; versions: ScorerVersion[] }[];
  /**
   * What POST /score answers for a scorer (by name), less the fields the fake fills in (name,
   * scorerVersionId, assessmentId). Default: a pass with the rationale "fake pass".
   */
  scoreAnswers: Map<string, Partial<ScoreResult>>;
  /** Answers the next requests with these instead of the API's behaviour, in order. */
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

type Item = Record<string, unknown>;

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const NAME = /^[\w .:/-]+$/;

export async function startFakeApi(): Promise<FakeApi> {
  const requests: ApiRequest[] = [];
  const replies: ScriptedReply[] = [];
  const keys = new Map<string, string>();
  const userKeys = new Map<string, string[]>();
  const traces = new Set<string>();
  const assessments: Assessment[] = [];
  const scorers: FakeApi["scorers"] = [];
  const scoreAnswers = new Map<string, Partial<ScoreResult>>();
  let counter = 0;

  /** What a route answers: a status and, except for 204, a JSON body. */
  type Answer = { status: number; body?: unknown };
  const send = (status: number, body?: unknown): Answer => ({ status, body });
  const fail = (status: number, code: string, message: string): Answer =>
    send(status, { error: { code, message, requestId: `req_${++counter}` } });

  /** The batch endpoint's checks, as far as the tests need them (the API checks more). */
  function itemProblem(a: Item, i: number): string | undefined {
    const at = `assessments.${i}`;
    if ((a.traceId === undefined) === (a.sessionId === undefined))
      return `${at}.traceId: give a traceId or a sessionId (one of them)`;
    if (a.traceId !== undefined && !TRACE_ID.test(String(a.traceId)))
      return `${at}.traceId: must be a trace id: 32 lower-case hex characters`;
    if (a.spanId !== undefined && !SPAN_ID.test(String(a.spanId)))
      return `${at}.spanId: must be a span id: 16 lower-case hex characters`;
    if (typeof a.name !== "string" || !NAME.test(a.name))
      return `${at}.name: may hold letters, digits, spaces and _ . : / - only`;
    if (a.kind !== "feedback" && a.kind !== "expectation") return `${at}.kind: Invalid option`;
    return undefined;
  }

  function create(a: Item, overrides: string | null = null): Assessment {
    const now = new Date().toISOString();
    const value = a.value ?? null;
    const source = (a.source as { type: "HUMAN" | "CODE"; id?: string } | undefined) ?? { type: "HUMAN" };
    const error = a.error as { code: string; message?: string } | undefined;
    const stored: Assessment = {
      id: `asm_${++counter}`,
      kind: a.kind as Assessment["kind"],
      name: a.name as string,
      traceId: (a.traceId as string | undefined) ?? null,
      spanId: (a.spanId as string | undefined) ?? null,
      sessionId: (a.sessionId as string | undefined) ?? null,
      value,
      error: error ? { code: error.code, message: error.message ?? "" } : null,
      rationale: (a.rationale as string | undefined) ?? null,
      source: { type: source.type, id: source.id ?? null },
      score: typeof value === "boolean" ? Number(value) : typeof value === "number" ? value : null,
      passed: typeof value === "boolean" ? value : null,
      scorerVersionId: null,
      runId: null,
      metadata: (a.metadata as Record<string, unknown> | undefined) ?? {},
      valid: true,
      overrides,
      supersededBy: null,
      deleted: false,
      createdBy: { id: "key_1", label: "test key" },
      createdAt: now,
      updatedAt: now,
    };
    assessments.push(stored);
    return stored;
  }

  function route(req: ApiRequest): Answer {
    const auth = String(req.headers.authorization ?? "");
    const key = auth.startsWith("Bearer ") ? auth.slice("Bearer ".length) : "";
    const keyProject = keys.get(key);
    const userProjects = userKeys.get(key);
    if (keyProject === undefined && userProjects === undefined)
      return fail(401, "UNAUTHENTICATED", "A valid API key or session is required.");
    const url = new URL(req.path, "http://fake");
    if (req.method === "GET" && url.pathname === "/api/v1/whoami") {
      const ids = userProjects ?? [keyProject as string];
      return send(200, {
        type: userProjects ? "user" : "api_key",
        projects: ids.map((id) => ({ id, name: `project ${id}` })),
      });
    }
    const m = /^\/api\/v1\/projects\/([^/]+)\/(.*)$/.exec(url.pathname);
    if (!m) return fail(404, "NOT_FOUND", "Route was not found.");
    const projectId = decodeURIComponent(m[1] as string);
    const rest = m[2] as string;
    if (keyProject !== projectId && !userProjects?.includes(projectId))
      return fail(404, "NOT_FOUND", "Project was not found.");

    if (rest === "assessments/batch" && req.method === "POST") {
      const items = (req.body as { assessments?: Item[] } | undefined)?.assessments;
      if (!Array.isArray(items) || items.length === 0 || items.length > 1000)
        return fail(422, "INVALID_INPUT", "Invalid body. assessments: must hold 1 to 1000 items");
      for (const [i, a] of items.entries()) {
        const problem = itemProblem({ kind: "feedback", ...a }, i);
        if (problem) return fail(422, "INVALID_INPUT", `Invalid body. ${problem}`);
      }
      const ids = items.map((a) => create({ kind: "feedback", ...a }).id);
      return send(201, { ids });
    }

    if (rest === "scorers" || rest.startsWith("scorers/") || rest === "score")
      return scorerRoute(req, projectId, rest);

    const t = /^traces\/([^/]+)\/assessments(?:\/([^/]+))?$/.exec(rest);
    if (!t) return fail(404, "NOT_FOUND", "Route was not found.");
    const traceId = decodeURIComponent(t[1] as string).toLowerCase();
    const onTrace = assessments.filter((a) => a.traceId === traceId);
    if (t[2] === undefined) {
      if (req.method !== "GET") return fail(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
      if (onTrace.length === 0 && !traces.has(`${projectId}/${traceId}`))
        return fail(404, "NOT_FOUND", "Trace was not found.");
      const history = url.searchParams.get("history") === "true";
      return send(200, { assessments: onTrace.filter((a) => history || a.valid) });
    }
    const old = onTrace.find((a) => a.id === decodeURIComponent(t[2] as string));
    if (!old) return fail(404, "NOT_FOUND", "Assessment was not found.");
    if (req.method === "GET") return send(200, old);
    if (req.method === "DELETE") {
      old.valid = false;
      old.deleted = true;
      return send(204);
    }
    if (req.method === "PATCH") {
      if (!old.valid)
        return fail(
          409,
          "CONFLICT",
          "This assessment was already overridden or deleted; override the current one.",
        );
      const change = (req.body ?? {}) as Item;
      const next = create(
        { ...change, kind: old.kind, name: old.name, traceId: old.traceId, spanId: old.spanId ?? undefined },
        old.id,
      );
      old.valid = false;
      old.supersededBy = next.id;
      return send(201, next);
    }
    return fail(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
  }

  /** Body keys the API's strict schemas accept; any other key is a 422, as there. */
  function strictProblem(body: unknown, allowed: string[]): string | undefined {
    if (typeof body !== "object" || body === null) return "Invalid body. Expected an object";
    const extra = Object.keys(body).filter((k) => !allowed.includes(k));
    return extra.length > 0 ? `Invalid body. Unrecognized keys: ${extra.join(", ")}` : undefined;
  }

  function definitionProblem(definition: unknown): string | undefined {
    const d = definition as { type?: unknown; rule?: { kind?: unknown } } | undefined;
    if (d?.type === "rule" && typeof d.rule?.kind === "string") return undefined;
    if (d?.type === "judge" || d?.type === "builtin") return undefined;
    return "Invalid body. definition: Invalid input";
  }

  function newVersion(definition: unknown, message: unknown, version: number): ScorerVersion {
    return {
      id: `scv_${++counter}`,
      version,
      definition: definition as ScorerVersion["definition"],
      message: typeof message === "string" ? message : "",
      createdAt: new Date().toISOString(),
    };
  }

  function scorerRoute(req: ApiRequest, projectId: string, rest: string): Answer {
    const inProject = scorers.filter((s) => s.projectId === projectId);
    const body = req.body as Record<string, unknown> | undefined;
    if (rest === "scorers") {
      if (req.method === "GET") {
        const archived = new URL(req.path, "http://fake").searchParams.get("archived") === "true";
        return send(200, {
          scorers: inProject.filter((s) => archived || !s.scorer.archived).map((s) => s.scorer),
        });
      }
      if (req.method !== "POST") return fail(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
      const problem =
        strictProblem(body, ["name", "description", "definition", "message"]) ??
        (typeof body?.name === "string" && NAME.test(body.name)
          ? undefined
          : "Invalid body. name: Invalid") ??
        definitionProblem(body?.definition);
      if (problem) return fail(422, "INVALID_INPUT", problem);
      if (inProject.some((s) => s.scorer.name === body?.name))
        return fail(
          409,
          "CONFLICT",
          `The project already has a scorer named "${body?.name}"; choose another name.`,
        );
      const version = newVersion(body?.definition, body?.message, 1);
      const now = new Date().toISOString();
      const scorer: Scorer = {
        id: `scr_${++counter}`,
        name: body?.name as string,
        description: typeof body?.description === "string" ? body.description : "",
        kind: (body?.definition as { type?: string } | undefined)?.type ?? "",
        archived: false,
        latest: version,
        createdAt: now,
        updatedAt: now,
      };
      scorers.push({ projectId, scorer, versions: [version] });
      return send(201, scorer);
    }
    if (rest === "score") {
      if (req.method !== "POST") return fail(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
      const problem = strictProblem(body, ["target", "scorer", "persist"]);
      if (problem) return fail(422, "INVALID_INPUT", problem);
      const ref = body?.scorer as {
        versionId?: string;
        scorerId?: string;
        name?: string;
        definition?: unknown;
      };
      const target = body?.target as { traceId?: string };
      let name: string;
      let versionId: string | null = null;
      if (ref?.versionId !== undefined) {
        const found = inProject.find((s) => s.versions.some((v) => v.id === ref.versionId));
        if (!found) return fail(404, "NOT_FOUND", "Scorer version was not found.");
        name = found.scorer.name;
        versionId = ref.versionId;
      } else if (ref?.scorerId !== undefined) {
        const found = inProject.find((s) => s.scorer.id === ref.scorerId);
        if (!found) return fail(404, "NOT_FOUND", "Scorer was not found.");
        name = found.scorer.name;
        versionId = found.scorer.latest.id;
      } else {
        const p = definitionProblem(ref?.definition);
        if (p) return fail(422, "INVALID_INPUT", p);
        name = String(ref?.name);
      }
      if (body?.persist === true && target?.traceId === undefined)
        return fail(
          422,
          "INVALID_INPUT",
          "Invalid body. persist: only a trace's score can be stored; give target.traceId.",
        );
      const answer = scoreAnswers.get(name) ?? {};
      const result: ScoreResult = {
        name,
        value: true,
        passed: true,
        rationale: "fake pass",
        error: null,
        usage: null,
        ...answer,
        scorerVersionId: versionId,
        assessmentId: null,
      };
      if (body?.persist === true) {
        const stored = create({
          kind: "feedback",
          name,
          traceId: target.traceId,
          value: result.value ?? undefined,
          error: result.error ?? undefined,
          rationale: result.rationale ?? undefined,
          source: { type: "CODE", id: name },
        });
        stored.scorerVersionId = versionId;
        result.assessmentId = stored.id;
      }
      return send(200, result);
    }
    const m = /^scorers\/([^/]+)(\/versions)?$/.exec(rest);
    const entry = m && inProject.find((s) => s.scorer.id === decodeURIComponent(m[1] as string));
    if (!m || !entry) return fail(404, "NOT_FOUND", "Scorer was not found.");
    if (m[2] !== undefined) {
      if (req.method === "GET") return send(200, { versions: entry.versions });
      if (req.method !== "POST") return fail(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
      const problem = strictProblem(body, ["definition", "message"]) ?? definitionProblem(body?.definition);
      if (problem) return fail(422, "INVALID_INPUT", problem);
      const version = newVersion(body?.definition, body?.message, entry.scorer.latest.version + 1);
      entry.versions.unshift(version);
      entry.scorer.latest = version;
      entry.scorer.kind = (body?.definition as { type?: string } | undefined)?.type ?? "";
      return send(201, version);
    }
    if (req.method === "GET") return send(200, entry.scorer);
    if (req.method !== "PATCH") return fail(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
    const problem = strictProblem(body, ["description", "archived"]);
    if (problem) return fail(422, "INVALID_INPUT", problem);
    if (typeof body?.description === "string") entry.scorer.description = body.description;
    if (typeof body?.archived === "boolean") entry.scorer.archived = body.archived;
    return send(200, entry.scorer);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const request: ApiRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: text === "" ? undefined : (JSON.parse(text) as unknown),
      };
      requests.push(request);
      const reply = replies.shift();
      if (!reply) {
        const { status, body } = route(request);
        if (body === undefined) res.writeHead(status).end();
        else res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
        return;
      }
      const answer = () => {
        res.writeHead(reply.status ?? 200, { "content-type": reply.contentType ?? "application/json" });
        res.end(reply.body ?? "");
      };
      if (reply.delayMs) setTimeout(answer, reply.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    keys,
    userKeys,
    traces,
    assessments,
    scorers,
    scoreAnswers,
    script: (...next) => {
      replies.push(...next);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
