/**
 * Scorers and scoring: the requests the SDK sends to the scorer registry and POST /score (method,
 * path, body, credential), how it surfaces the answers and errors, the definition builders'
 * client-side checks, and code scorers run in this process (their results, thrown errors becoming
 * error results and error feedback). Runs against the local stand-in API (assessments-api.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as sightline from "../src/index.ts";
import {
  builtin,
  type InitOptions,
  makeJudge,
  rules,
  type ScorerDefinition,
  SightlineClient,
  SightlineError,
} from "../src/index.ts";
import { type FakeApi, startFakeApi } from "./assessments-api.ts";
import { rejection } from "./rejection.ts";

const TRACE = "5b8efff798038103d269b633813fc60c";
const PROJECT = "prj_scoring";
const KEY = "sl_scoring";
const base = `/api/v1/projects/${PROJECT}`;

let api: FakeApi;
let errors: SightlineError[];
let clients: SightlineClient[];

beforeAll(async () => {
  api = await startFakeApi();
  api.keys.set(KEY, PROJECT);
});
afterAll(() => api.close());
beforeEach(() => {
  api.requests.length = 0;
  api.assessments.length = 0;
  api.scorers.length = 0;
  api.scoreAnswers.clear();
  errors = [];
  clients = [];
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.shutdown()));
  vi.restoreAllMocks();
  expect(errors).toEqual([]);
});

function makeClient(options: Partial<InitOptions> = {}): SightlineClient {
  const client = new SightlineClient({
    apiKey: KEY,
    baseUrl: api.baseUrl,
    onError: (e) => errors.push(e),
    ...options,
  });
  clients.push(client);
  return client;
}

/** The error `fn` throws synchronously, which must be a SightlineError. */
function thrown(fn: () => unknown): SightlineError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SightlineError);
    return error as SightlineError;
  }
  throw new Error("expected a throw");
}

const calls = () =>
  api.requests.filter((r) => r.path !== "/api/v1/whoami").map((r) => `${r.method} ${r.path}`);
const bodies = () => api.requests.filter((r) => r.path !== "/api/v1/whoami").map((r) => r.body);

describe("definition builders", () => {
  it("write rule definitions with the API's field names, leaving out what was not given", () => {
    expect(rules.contains(["refund"], { mode: "all" })).toEqual({
      type: "rule",
      rule: { kind: "contains", keywords: ["refund"], mode: "all" },
    });
    // No undefined keys at all: the JSON sent is what was written.
    expect(Object.keys(rules.contains(["a"]).rule)).toEqual(["kind", "keywords"]);
    expect(rules.exactMatch({ caseSensitive: true }).rule).toEqual({
      kind: "exact_match",
      caseSensitive: true,
    });
    expect(rules.regex(/order #\d+/gi).rule).toEqual({ kind: "regex", pattern: "order #\\d+", flags: "i" });
    expect(rules.regex("^ok$", { mustMatch: false }).rule).toEqual({
      kind: "regex",
      pattern: "^ok$",
      mustMatch: false,
    });
    expect(rules.json({ requiredKeys: ["id"], schema: { type: "object" } }).rule).toEqual({
      kind: "json",
      requiredKeys: ["id"],
      schema: { type: "object" },
    });
    expect(rules.length({ unit: "words", max: 50 }).rule).toEqual({ kind: "length", unit: "words", max: 50 });
    expect(rules.notEmpty().rule).toEqual({ kind: "not_empty" });
    expect(rules.numericBound({ min: 0, max: 10 }).rule).toEqual({ kind: "numeric_bound", min: 0, max: 10 });
    expect(rules.similarity({ threshold: 0.9 }).rule).toEqual({ kind: "similarity", threshold: 0.9 });
    expect(rules.factsCoverage().rule).toEqual({ kind: "facts_coverage" });
    expect(rules.pii().rule).toEqual({ kind: "pii" });
    expect(rules.threshold("latency_ms", 2000).rule).toEqual({
      kind: "threshold",
      metric: "latency_ms",
      max: 2000,
    });
    expect(rules.toolCalled("search", { called: false }).rule).toEqual({
      kind: "tool_called",
      tool: "search",
      called: false,
    });
  });

  it("refuse obvious mistakes at once with invalid_input naming them", () => {
    const cases: [() => unknown, string][] = [
      [() => rules.contains([]), "keywords must be a non-empty list"],
      [() => rules.contains(["ok"], { mode: "most" as "all" }), 'mode must be "all", "any" or "none"'],
      [() => rules.regex("(unclosed"), "pattern is not a valid regular expression"],
      [() => rules.regex("a", { flags: "g" }), "flags may be i, m, s and u only"],
      [() => rules.length({ min: 10, max: 5 }), "min (10) is above max (5)"],
      [() => rules.length({ min: 1.5 }), "min must be an integer ≥ 0"],
      [() => rules.similarity({ threshold: 2 }), "threshold must be a number from 0 to 1"],
      [() => rules.threshold("tokens" as "total_tokens", 5), 'metric must be "latency_ms"'],
      [() => rules.toolCalled(""), "tool must be a non-empty string"],
    ];
    for (const [fn, message] of cases) {
      const error = thrown(fn);
      expect(error.kind).toBe("invalid_input");
      expect(error.message).toContain(message);
    }
  });

  it("makeJudge defaults to a yes/no answer and names unknown placeholders", () => {
    expect(makeJudge({ instructions: "Is {{ outputs }} polite?", model: "openai:/gpt-4o-mini" })).toEqual({
      type: "judge",
      instructions: "Is {{ outputs }} polite?",
      valueType: { kind: "bool" },
      model: "openai:/gpt-4o-mini",
    });
    expect(
      makeJudge({
        instructions: "Rate {{outputs}} against {{ expectations }} given {{ trace }}",
        valueType: { kind: "number", min: 1, max: 5 },
        model: "acme:/judge-1",
        temperature: 0,
      }),
    ).toMatchObject({ valueType: { kind: "number", min: 1, max: 5 }, temperature: 0 });

    const unknown = thrown(() =>
      makeJudge({ instructions: "Is {{ answer }} about {{ question }}? {{ outputs }}", model: "openai:/m" }),
    );
    expect(unknown.kind).toBe("invalid_input");
    expect(unknown.message).toContain("unknown variables {{ answer }}, {{ question }}");
    expect(unknown.message).toContain(
      "{{ inputs }}, {{ outputs }}, {{ expectations }}, {{ trace }}, {{ conversation }}",
    );
    expect(thrown(() => makeJudge({ instructions: "Is it good?", model: "openai:/m" })).message).toContain(
      "must use at least one of {{ inputs }}",
    );
    expect(thrown(() => makeJudge({ instructions: "{{ outputs }}", model: "gpt-4o" })).message).toContain(
      "model must be a model URI",
    );
    expect(
      thrown(() =>
        makeJudge({
          instructions: "{{ outputs }}",
          model: "openai:/m",
          valueType: { kind: "label", labels: ["a"] },
        }),
      ).message,
    ).toContain("at least 2 labels");
  });
});

describe("the scorer registry", () => {
  it("creates, reads, versions, lists and archives scorers with the API's paths and bodies", async () => {
    const client = makeClient();
    const created = await client.createScorer({
      name: "mentions_refund",
      description: "Says the word",
      definition: rules.contains(["refund"], { mode: "all" }),
      message: "first cut",
    });
    expect(created).toMatchObject({
      name: "mentions_refund",
      description: "Says the word",
      kind: "rule",
      archived: false,
      latest: { version: 1, message: "first cut" },
    });
    // whoami was asked once for the project; every request carries the key.
    expect(api.requests[0]).toMatchObject({ method: "GET", path: "/api/v1/whoami" });
    expect(bodies()[0]).toEqual({
      name: "mentions_refund",
      description: "Says the word",
      definition: { type: "rule", rule: { kind: "contains", keywords: ["refund"], mode: "all" } },
      message: "first cut",
    });

    const judge = makeJudge({ instructions: "Is {{ outputs }} kind?", model: "openai:/gpt-4o-mini" });
    const v2 = await client.createScorerVersion({ scorerId: created.id, definition: judge });
    expect(v2).toMatchObject({ version: 2, definition: judge, message: "" });
    expect(await client.getScorer(created.id)).toMatchObject({
      id: created.id,
      kind: "judge",
      latest: { id: v2.id },
    });
    const versions = await client.listScorerVersions(created.id);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);

    expect(await client.archiveScorer(created.id)).toMatchObject({ archived: true });
    expect(await client.listScorers()).toEqual([]);
    expect((await client.listScorers({ archived: true })).map((s) => s.id)).toEqual([created.id]);
    expect(await client.archiveScorer(created.id, false)).toMatchObject({ archived: false });
    expect(await client.updateScorer({ scorerId: created.id, description: "better" })).toMatchObject({
      description: "better",
    });

    const id = encodeURIComponent(created.id);
    expect(calls()).toEqual([
      `POST ${base}/scorers`,
      `POST ${base}/scorers/${id}/versions`,
      `GET ${base}/scorers/${id}`,
      `GET ${base}/scorers/${id}/versions`,
      `PATCH ${base}/scorers/${id}`,
      `GET ${base}/scorers?archived=false`,
      `GET ${base}/scorers?archived=true`,
      `PATCH ${base}/scorers/${id}`,
      `PATCH ${base}/scorers/${id}`,
    ]);
    expect(bodies()[1]).toEqual({ definition: judge });
    expect(bodies()[4]).toEqual({ archived: true });
    expect(bodies()[7]).toEqual({ archived: false });
    expect(bodies()[8]).toEqual({ description: "better" });
    for (const r of api.requests) expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(api.requests.filter((r) => r.path === "/api/v1/whoami")).toHaveLength(1);
  });

  it("surfaces the API's errors (CONFLICT, NOT_FOUND, INVALID_INPUT) as api_error, and checks before sending", async () => {
    const client = makeClient({ projectId: PROJECT });
    await client.createScorer({ name: "dup", definition: rules.notEmpty() });
    const conflict = await rejection(client.createScorer({ name: "dup", definition: rules.pii() }));
    expect(conflict).toMatchObject({ kind: "api_error", status: 409, code: "CONFLICT" });
    expect(conflict.message).toContain('already has a scorer named "dup"');
    expect(conflict.requestId).toMatch(/^req_/);

    const missing = await rejection(client.getScorer("scr_nope"));
    expect(missing).toMatchObject({ kind: "api_error", status: 404, code: "NOT_FOUND" });

    // A kind this SDK does not know goes to the server, whose 422 comes back.
    api.script({
      status: 422,
      body: JSON.stringify({
        error: { code: "INVALID_INPUT", message: "Invalid body. definition.rule.kind: Invalid" },
      }),
    });
    const refused = await rejection(
      client.createScorer({
        name: "future",
        definition: { type: "rule", rule: { kind: "sentiment" } } as never,
      }),
    );
    expect(refused).toMatchObject({ kind: "api_error", status: 422, code: "INVALID_INPUT" });

    const sent = api.requests.length;
    const badJudge = {
      type: "judge",
      instructions: "Compare {{ output }} with {{ expected }}",
      model: "openai:/m",
    } satisfies ScorerDefinition;
    const invalid = [
      await rejection(client.createScorer({ name: "j", definition: badJudge })),
      await rejection(client.createScorer({ name: "", definition: rules.pii() })),
      await rejection(client.createScorer({ name: "x", definition: null as never })),
      await rejection(client.createScorerVersion({ scorerId: "", definition: rules.pii() })),
      await rejection(client.getScorer(undefined as never)),
      await rejection(client.updateScorer({ scorerId: "scr_1" })),
      await rejection(client.archiveScorer("scr_1", "yes" as never)),
    ];
    for (const e of invalid) expect(e.kind).toBe("invalid_input");
    expect(invalid[0]?.message).toContain("unknown variables {{ output }}, {{ expected }}");
    expect(invalid[0]?.message).toContain("nothing was sent");
    expect(api.requests.length).toBe(sent);
  });

  it("does not retry a create whose answer never came (request_failed), and reports an unexpected answer", async () => {
    const client = makeClient({ projectId: PROJECT, requestTimeoutMs: 200 });
    api.script({ delayMs: 1000, status: 201, body: "{}" });
    const timedOut = await rejection(client.createScorer({ name: "slow", definition: rules.pii() }));
    expect(timedOut.kind).toBe("request_failed");
    expect(timedOut.message).toContain("no answer within 200 ms");
    api.script({ status: 200, body: JSON.stringify({ items: [] }) });
    const odd = await rejection(client.listScorers());
    expect(odd.kind).toBe("request_failed");
    expect(odd.message).toContain("unexpected answer");
    expect(calls()).toEqual([`POST ${base}/scorers`, `GET ${base}/scorers?archived=false`]);
  });
});

describe("score()", () => {
  it("runs an inline definition on inputs and outputs, a scorer's latest and a version on a trace", async () => {
    const client = makeClient();
    const inline = await client.score({
      target: {
        inputs: { q: "refund?" },
        outputs: "You get a refund",
        expectations: { expected_response: "yes" },
      },
      scorer: { name: "mentions_refund", definition: rules.contains(["refund"]) },
    });
    expect(inline).toEqual({
      name: "mentions_refund",
      value: true,
      passed: true,
      rationale: "fake pass",
      error: null,
      usage: null,
      scorerVersionId: null,
      assessmentId: null,
    });
    const stored = await client.createScorer({ name: "polite", definition: rules.notEmpty() });
    api.scoreAnswers.set("polite", {
      value: null,
      passed: null,
      rationale: null,
      error: { code: "MISSING_EXPECTATION", message: "needs expected_response" },
    });
    const latest = await client.score({
      target: { traceId: TRACE.toUpperCase() },
      scorer: { scorerId: stored.id },
    });
    // A scorer that cannot apply resolves to an error result, never a default score.
    expect(latest).toMatchObject({ value: null, error: { code: "MISSING_EXPECTATION" } });
    expect(latest.scorerVersionId).toBe(stored.latest.id);

    api.scoreAnswers.delete("polite");
    const persisted = await client.score({
      target: { traceId: TRACE },
      scorer: { versionId: stored.latest.id },
      persist: true,
    });
    expect(persisted.assessmentId).toMatch(/^asm_/);
    expect(api.assessments).toHaveLength(1);
    expect(api.assessments[0]).toMatchObject({
      name: "polite",
      traceId: TRACE,
      source: { type: "CODE", id: "polite" },
    });

    const scores = api.requests.filter((r) => r.path === `${base}/score`);
    expect(scores.map((r) => r.method)).toEqual(["POST", "POST", "POST"]);
    expect(scores.map((r) => r.body)).toEqual([
      {
        target: {
          inputs: { q: "refund?" },
          outputs: "You get a refund",
          expectations: { expected_response: "yes" },
        },
        scorer: {
          name: "mentions_refund",
          definition: { type: "rule", rule: { kind: "contains", keywords: ["refund"] } },
        },
      },
      { target: { traceId: TRACE }, scorer: { scorerId: stored.id } },
      { target: { traceId: TRACE }, scorer: { versionId: stored.latest.id }, persist: true },
    ]);
  });

  it("surfaces 429 RATE_LIMITED as api_error with its code, once (not retried)", async () => {
    const client = makeClient({ projectId: PROJECT });
    api.script({
      status: 429,
      body: JSON.stringify({
        error: {
          code: "RATE_LIMITED",
          message: "Every judge call the organization may run at once is in use; retry in 10 s.",
          requestId: "req_busy",
        },
      }),
    });
    const busy = await rejection(
      client.score({
        target: { outputs: "hi" },
        scorer: {
          name: "kind",
          definition: makeJudge({ instructions: "{{ outputs }}", model: "openai:/m" }),
        },
      }),
    );
    expect(busy).toMatchObject({
      kind: "api_error",
      status: 429,
      code: "RATE_LIMITED",
      requestId: "req_busy",
    });
    expect(busy.message).toContain("retry in 10 s");
    expect(calls()).toEqual([`POST ${base}/score`]);
  });

  it("refuses malformed targets and scorer references before sending", async () => {
    const client = makeClient({ projectId: PROJECT });
    const def = rules.pii();
    const cases: [Promise<unknown>, string][] = [
      [client.score({ target: { traceId: "nope" }, scorer: { scorerId: "s" } }), "traceId must be 32 hex"],
      [client.score({ target: {} as never, scorer: { scorerId: "s" } }), "target needs a traceId or outputs"],
      [
        client.score({ target: { traceId: TRACE, outputs: "x" } as never, scorer: { scorerId: "s" } }),
        "target has a traceId and outputs",
      ],
      [
        client.score({ target: { outputs: "x", expectations: ["a"] as never }, scorer: { scorerId: "s" } }),
        "target.expectations must be an object",
      ],
      [client.score({ target: { outputs: "x" }, scorer: {} as never }), "exactly one"],
      [
        client.score({ target: { outputs: "x" }, scorer: { scorerId: "s", versionId: "v" } as never }),
        "exactly one",
      ],
      [
        client.score({ target: { outputs: "x" }, scorer: { name: "", definition: def } }),
        "name must be a non-empty",
      ],
      [
        client.score({ target: { outputs: "x" }, scorer: { scorerId: "s" }, persist: true }),
        "persist stores the result on a trace",
      ],
    ];
    for (const [promise, message] of cases) {
      const error = await rejection(promise);
      expect(error.kind).toBe("invalid_input");
      expect(error.message).toContain(message);
    }
    expect(api.requests).toEqual([]);
  });
});

describe("code scorers", () => {
  it("run locally with the subject, accepting a value or { value, rationale }, sync or async", async () => {
    const client = makeClient({ projectId: PROJECT });
    const seen: unknown[] = [];
    const short = client.scorer("is_short", (args) => {
      seen.push(args);
      return String(args.outputs).length < 10;
    });
    expect(await short.run({ outputs: "hello" })).toEqual({
      name: "is_short",
      value: true,
      rationale: null,
      error: null,
    });
    expect(seen).toEqual([{ inputs: null, outputs: "hello", expectations: {} }]);

    const overlap = client.scorer("overlap", async ({ outputs, expectations }) => {
      await new Promise((r) => setTimeout(r, 5));
      const facts = (expectations.expected_facts as string[]) ?? [];
      const hits = facts.filter((f) => String(outputs).includes(f)).length;
      return { value: hits / facts.length, rationale: `${hits} of ${facts.length} facts` };
    });
    expect(
      await overlap.run({
        inputs: "q",
        outputs: "Paris, France",
        expectations: { expected_facts: ["Paris", "Lyon"] },
      }),
    ).toEqual({ name: "overlap", value: 0.5, rationale: "1 of 2 facts", error: null });
    // Nothing is sent by run().
    expect(api.requests).toEqual([]);
  });

  it("turn a throw, a rejection or a non-score into an error result, never a default", async () => {
    const client = makeClient({ projectId: PROJECT });
    const boom = client.scorer("boom", () => {
      throw new TypeError("outputs.map is not a function");
    });
    expect(await boom.run({ outputs: 1 })).toEqual({
      name: "boom",
      value: null,
      rationale: null,
      error: { code: "SCORER_FAILED", message: "TypeError: outputs.map is not a function" },
    });
    const rejects = client.scorer("rejects", async () => Promise.reject("down"));
    expect((await rejects.run({ outputs: 1 })).error).toEqual({ code: "SCORER_FAILED", message: '"down"' });
    for (const bad of [undefined, null, Number.NaN, ["x"], { rationale: "no value" }]) {
      const result = await client.scorer("bad", () => bad as never).run({ outputs: 1 });
      expect(result.value).toBeNull();
      expect(result.error?.code).toBe("INVALID_RESULT");
    }
    expect(thrown(() => client.scorer("", () => true)).kind).toBe("invalid_input");
    expect(thrown(() => client.scorer("x", "nope" as never)).kind).toBe("invalid_input");
  });

  it("logTo logs the result as CODE feedback named after the scorer, and a throw as error feedback", async () => {
    const client = makeClient({ projectId: PROJECT });
    const seen: unknown[] = [];
    const polite = client.scorer("polite", ({ outputs, traceId }) => {
      seen.push(traceId);
      return { value: !String(outputs).includes("!"), rationale: "no shouting" };
    });
    const ok = await polite.logTo(TRACE.toUpperCase(), { outputs: "Thank you." });
    expect(ok).toMatchObject({ name: "polite", value: true, rationale: "no shouting", error: null });
    expect(seen).toEqual([TRACE]);

    const broken = client.scorer("broken", () => {
      throw new Error("no outputs to read");
    });
    const failed = await broken.logTo(TRACE, { outputs: null });
    expect(failed.error).toEqual({ code: "SCORER_FAILED", message: "Error: no outputs to read" });

    const bare = client.scorer("bare", () => 3);
    await bare.logTo(TRACE, { outputs: "x" });

    expect(calls()).toEqual([
      `POST ${base}/assessments/batch`,
      `POST ${base}/assessments/batch`,
      `POST ${base}/assessments/batch`,
    ]);
    expect(bodies()).toEqual([
      {
        assessments: [
          {
            kind: "feedback",
            traceId: TRACE,
            name: "polite",
            value: true,
            rationale: "no shouting",
            source: { type: "CODE", id: "polite" },
          },
        ],
      },
      {
        assessments: [
          {
            kind: "feedback",
            traceId: TRACE,
            name: "broken",
            error: { code: "SCORER_FAILED", message: "Error: no outputs to read" },
            source: { type: "CODE", id: "broken" },
          },
        ],
      },
      {
        assessments: [
          { kind: "feedback", traceId: TRACE, name: "bare", value: 3, source: { type: "CODE", id: "bare" } },
        ],
      },
    ]);
    const stored = new Map(api.assessments.map((a) => [a.id, a]));
    expect(stored.get(ok.assessmentId)).toMatchObject({
      name: "polite",
      value: true,
      source: { type: "CODE", id: "polite" },
    });
    expect(stored.get(failed.assessmentId)).toMatchObject({ value: null, error: { code: "SCORER_FAILED" } });
  });

  it("logTo checks the trace id before running, and rejects when the feedback cannot be logged", async () => {
    const client = makeClient({ projectId: PROJECT });
    let runs = 0;
    const counted = client.scorer("counted", () => {
      runs++;
      return true;
    });
    const badId = await rejection(counted.logTo("abc", { outputs: "x" }));
    expect(badId.kind).toBe("invalid_input");
    expect(runs).toBe(0);
    api.script({
      status: 403,
      body: JSON.stringify({ error: { code: "FORBIDDEN", message: "no feedback:write" } }),
    });
    const refused = await rejection(counted.logTo(TRACE, { outputs: "x" }));
    expect(refused).toMatchObject({ kind: "api_error", status: 403, code: "FORBIDDEN" });
    expect(runs).toBe(1);
  });
});

describe("module-level functions", () => {
  it("go to the client init() made; a scorer made before init() logs through it", async () => {
    // Before init(), the SDK warns once that nothing is exported.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const early = sightline.scorer("early", () => "fine");
    expect(await early.run({ outputs: "x" })).toMatchObject({ value: "fine" });
    const before = await rejection(sightline.listScorers());
    expect(before.kind).toBe("not_initialized");
    expect(String(warn.mock.calls[0]?.[0])).toContain("init() has not been called");

    const client = sightline.init({
      apiKey: KEY,
      baseUrl: api.baseUrl,
      projectId: PROJECT,
      onError: (e) => errors.push(e),
    });
    clients.push(client);
    const created = await sightline.createScorer({ name: "m", definition: rules.notEmpty() });
    await sightline.createScorerVersion({
      scorerId: created.id,
      definition: rules.pii(),
      message: "stricter",
    });
    expect((await sightline.listScorerVersions(created.id)).map((v) => v.message)).toEqual(["stricter", ""]);
    expect((await sightline.getScorer(created.id)).latest.version).toBe(2);
    expect((await sightline.archiveScorer(created.id)).archived).toBe(true);
    expect(await sightline.listScorers({ archived: false })).toEqual([]);
    expect((await sightline.updateScorer({ scorerId: created.id, archived: false })).archived).toBe(false);
    expect(
      await sightline.score({ target: { outputs: "x" }, scorer: { scorerId: created.id } }),
    ).toMatchObject({
      name: "m",
    });
    const logged = await early.logTo(TRACE, { outputs: "x" });
    expect(api.assessments.map((a) => a.id)).toEqual([logged.assessmentId]);
    expect(api.assessments[0]).toMatchObject({
      name: "early",
      value: "fine",
      source: { type: "CODE", id: "early" },
    });
  });
});

describe("built-in judges' definitions", () => {
  it("name the judge and its model, and refuse an unknown judge, a bad model and guidelines without guidelines", async () => {
    const { builtin } = await import("../src/index.ts");
    expect(builtin("correctness", { model: "openai:/gpt-4o-mini" })).toEqual({
      type: "builtin",
      judge: "correctness",
      model: "openai:/gpt-4o-mini",
    });
    expect(builtin("tool_call_correctness", { model: "openai:/gpt-4o", exact: true })).toMatchObject({
      exact: true,
    });
    expect(() => builtin("nonsense" as never, { model: "openai:/gpt-4o-mini" })).toThrow(
      /judge must be one of/,
    );
    expect(() => builtin("safety", { model: "gpt-4o-mini" })).toThrow(/model URI/);
    expect(() => builtin("guidelines", { model: "openai:/gpt-4o-mini" })).toThrow(/needs guidelines/);
  });
});

describe("built-in judges in the registry and in score()", () => {
  const correctness = () => builtin("correctness", { model: "openai:/gpt-4o-mini" });

  it("createScorer, createScorerVersion and an inline score() send a built-in definition as it is", async () => {
    const client = makeClient({ projectId: PROJECT });
    const created = await client.createScorer({ name: "correct", definition: correctness() });
    expect(created).toMatchObject({ kind: "builtin", latest: { definition: correctness() } });
    const rules = builtin("guidelines", { model: "openai:/gpt-4o", guidelines: ["Be brief"] });
    await client.createScorerVersion({ scorerId: created.id, definition: rules });
    await client.score({
      target: { outputs: "Paris" },
      scorer: {
        name: "exact_tools",
        definition: builtin("tool_call_correctness", { model: "a:/b", exact: true }),
      },
    });
    // A definition written by hand (not through builtin()) is checked the same way.
    await client.score({
      target: { outputs: "Paris" },
      scorer: {
        name: "safe",
        definition: { type: "builtin", judge: "safety", model: "openai:/gpt-4o-mini" },
      },
    });
    expect(bodies()).toEqual([
      { name: "correct", definition: correctness() },
      { definition: rules },
      {
        target: { outputs: "Paris" },
        scorer: {
          name: "exact_tools",
          definition: { type: "builtin", judge: "tool_call_correctness", model: "a:/b", exact: true },
        },
      },
      {
        target: { outputs: "Paris" },
        scorer: {
          name: "safe",
          definition: { type: "builtin", judge: "safety", model: "openai:/gpt-4o-mini" },
        },
      },
    ]);
  });

  it("refuses a built-in definition the server would refuse, naming the field, before sending", async () => {
    const client = makeClient({ projectId: PROJECT });
    const model = "openai:/gpt-4o-mini";
    const cases: [unknown, string][] = [
      [{ type: "builtin", judge: "nonsense", model }, "judge must be one of correctness"],
      [{ type: "builtin", model }, "judge must be one of"],
      [{ type: "builtin", judge: "safety" }, "model must be a model URI"],
      [{ type: "builtin", judge: "safety", model: "gpt-4o" }, "model must be a model URI"],
      [
        { type: "builtin", judge: "guidelines", model, guidelines: [] },
        "guidelines must be a list of 1 to 50",
      ],
      [{ type: "builtin", judge: "guidelines", model, guidelines: [""] }, "guidelines must be a list"],
      [{ type: "builtin", judge: "guidelines", model, guidelines: "Be brief" }, "guidelines must be a list"],
      [
        { type: "builtin", judge: "guidelines", model, guidelines: Array(51).fill("x") },
        "guidelines must be a list of 1 to 50",
      ],
      [
        { type: "builtin", judge: "guidelines", model, guidelines: ["x".repeat(2_001)] },
        "at most 2000 characters",
      ],
      [{ type: "builtin", judge: "guidelines", model }, "the guidelines judge needs guidelines"],
      [{ type: "builtin", judge: "conversational_guidelines", model }, "needs guidelines"],
      [{ type: "builtin", judge: "tool_call_correctness", model, exact: "yes" }, "exact must be a boolean"],
      [{ type: "builtin", judge: "safety", model, temperature: 0 }, "has no field temperature"],
      [{ judge: "safety", model }, 'definition.type must be "rule", "judge" or "builtin"'],
    ];
    const sent = api.requests.length;
    for (const [definition, message] of cases) {
      const created = await rejection(client.createScorer({ name: "b", definition: definition as never }));
      expect(created.kind).toBe("invalid_input");
      expect(created.message).toContain(message);
      const scored = await rejection(
        client.score({ target: { outputs: "x" }, scorer: { name: "b", definition: definition as never } }),
      );
      expect(scored.message).toContain(message);
    }
    expect(api.requests.length).toBe(sent);
    expect(() => builtin("conversational_guidelines", { model })).toThrow(/needs guidelines/);
  });
});
