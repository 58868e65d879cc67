/**
 * Feedback, expectations and assessments: the requests the SDK sends to the assessments API
 * (method, path, body, credential), and how it surfaces the answers and the errors. Runs against
 * a local peer that answers like the API (assessments-api.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as sightline from "../src/index.ts";
import { type Assessment, type InitOptions, SightlineClient, type SightlineError } from "../src/index.ts";
import { type FakeApi, startFakeApi } from "./assessments-api.ts";
import { rejection } from "./rejection.ts";

const TRACE = "5b8efff798038103d269b633813fc60c";
const SPAN = "eee19b7ec3c1b174";
const PROJECT = "prj_assess";
const KEY = "sl_assess";

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
  api.traces.clear();
  errors = [];
  clients = [];
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.shutdown()));
  vi.restoreAllMocks();
  // Failed API calls reject; they are never also reported to onError.
  expect(errors).toEqual([]);
});

function makeClient(options: Partial<InitOptions> = {}): SightlineClient {
  const client = new SightlineClient({
    apiKey: KEY,
    baseUrl: `${api.baseUrl}/`,
    onError: (e) => errors.push(e),
    ...options,
  });
  clients.push(client);
  return client;
}

/** The rejection of `promise`, which must be a SightlineError. */
const batchPath = `/api/v1/projects/${PROJECT}/assessments/batch`;
const tracePath = (traceId = TRACE) => `/api/v1/projects/${PROJECT}/traces/${traceId}/assessments`;
const apiCalls = () => api.requests.filter((r) => r.path !== "/api/v1/whoami");

describe("logFeedback and logExpectation", () => {
  it("finds the key's project once through whoami, then posts each assessment to the batch endpoint", async () => {
    const client = makeClient();
    // Concurrent first calls share one whoami.
    const [first, second] = await Promise.all([
      client.logFeedback({
        traceId: TRACE,
        name: "thumbs",
        value: true,
        rationale: "the user clicked 👍",
        source: { type: "HUMAN", id: "end-user-7" },
        metadata: { channel: "web", retries: 2 },
      }),
      client.logExpectation({ traceId: TRACE, name: "expected_facts", value: ["Paris is in France"] }),
    ]);
    const third = await client.logFeedback({ traceId: TRACE, spanId: SPAN, name: "relevance", value: 0.8 });

    expect(api.requests.filter((r) => r.path === "/api/v1/whoami")).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({ method: "GET", path: "/api/v1/whoami", body: undefined });
    const posts = apiCalls();
    expect(posts.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${batchPath}`,
      `POST ${batchPath}`,
      `POST ${batchPath}`,
    ]);
    for (const r of api.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(r.headers.accept).toBe("application/json");
    }
    for (const r of posts) expect(r.headers["content-type"]).toBe("application/json");
    const bodies = posts.map((r) => r.body);
    expect(bodies).toContainEqual({
      assessments: [
        {
          kind: "feedback",
          traceId: TRACE,
          name: "thumbs",
          value: true,
          rationale: "the user clicked 👍",
          source: { type: "HUMAN", id: "end-user-7" },
          metadata: { channel: "web", retries: 2 },
        },
      ],
    });
    expect(bodies).toContainEqual({
      assessments: [
        { kind: "expectation", traceId: TRACE, name: "expected_facts", value: ["Paris is in France"] },
      ],
    });
    expect(bodies[2]).toEqual({
      assessments: [{ kind: "feedback", traceId: TRACE, spanId: SPAN, name: "relevance", value: 0.8 }],
    });

    // Each call resolves to its own assessment's id.
    const stored = new Map(api.assessments.map((a) => [a.id, a]));
    expect(stored.get(first)).toMatchObject({ kind: "feedback", name: "thumbs", value: true });
    expect(stored.get(second)).toMatchObject({ kind: "expectation", name: "expected_facts" });
    expect(stored.get(third)).toMatchObject({ spanId: SPAN, value: 0.8 });
  });

  it("logs on a session, logs an error instead of a value, and writes ids in lower case", async () => {
    const client = makeClient({ projectId: PROJECT });
    await client.logFeedback({ sessionId: "chat-42", name: "resolved", value: "yes" });
    await client.logExpectation({ sessionId: "chat-42", name: "guidelines", value: ["be brief"] });
    await client.logFeedback({
      traceId: TRACE.toUpperCase(),
      spanId: SPAN.toUpperCase(),
      name: "groundedness",
      error: { code: "TIMEOUT", message: "the judge took too long" },
    });
    // projectId given: whoami is never asked.
    expect(api.requests.map((r) => r.path)).toEqual([batchPath, batchPath, batchPath]);
    expect(api.requests.map((r) => r.body)).toEqual([
      { assessments: [{ kind: "feedback", sessionId: "chat-42", name: "resolved", value: "yes" }] },
      {
        assessments: [{ kind: "expectation", sessionId: "chat-42", name: "guidelines", value: ["be brief"] }],
      },
      {
        assessments: [
          {
            kind: "feedback",
            traceId: TRACE,
            spanId: SPAN,
            name: "groundedness",
            error: { code: "TIMEOUT", message: "the judge took too long" },
          },
        ],
      },
    ]);
  });

  it("rejects with the API's code, message and request id when it refuses the assessment", async () => {
    const client = makeClient();
    const error = await rejection(client.logFeedback({ traceId: TRACE, name: "bad*name", value: 1 }));
    expect(error).toMatchObject({ kind: "api_error", status: 422, code: "INVALID_INPUT" });
    expect(error.requestId).toMatch(/^req_\d+$/);
    expect(error.message).toBe(
      "logFeedback() failed (422 INVALID_INPUT): Invalid body. assessments.0.name: may hold letters, digits, spaces and _ . : / - only",
    );
    expect(api.assessments).toEqual([]);
  });

  it("checks obvious mistakes before sending anything, and rejects (never throws) with invalid_input", async () => {
    const client = makeClient({ projectId: PROJECT });
    const bad: [string, () => Promise<unknown>, string][] = [
      [
        "no target",
        () => client.logFeedback({ name: "x", value: 1 } as never),
        "needs a traceId or a sessionId (exactly one of them)",
      ],
      [
        "both targets",
        () => client.logFeedback({ traceId: TRACE, sessionId: "s", name: "x", value: 1 } as never),
        "needs a traceId or a sessionId (exactly one of them)",
      ],
      [
        "a malformed trace id",
        () => client.logFeedback({ traceId: "abc", name: "x", value: 1 }),
        'traceId must be 32 hex characters (not all zero), got "abc"',
      ],
      [
        "an all-zero trace id",
        () => client.logExpectation({ traceId: "0".repeat(32), name: "x", value: 1 }),
        "traceId must be 32 hex characters",
      ],
      [
        "a malformed span id",
        () => client.logFeedback({ traceId: TRACE, spanId: "xyz", name: "x", value: 1 }),
        'spanId must be 16 hex characters (not all zero), got "xyz"',
      ],
      [
        "a span of a session",
        () => client.logFeedback({ sessionId: "s", spanId: SPAN, name: "x", value: 1 } as never),
        "a session's assessment has no spanId",
      ],
      [
        "an empty name",
        () => client.logFeedback({ traceId: TRACE, name: " ", value: 1 }),
        'name must be a non-empty string, got " "',
      ],
      [
        "feedback with a value and an error",
        () => client.logFeedback({ traceId: TRACE, name: "x", value: 1, error: { code: "E" } }),
        "needs a value or an error (exactly one of them)",
      ],
      [
        "feedback with neither",
        () => client.logFeedback({ traceId: TRACE, name: "x" }),
        "needs a value or an error (exactly one of them)",
      ],
      [
        "an error without a code",
        () => client.logFeedback({ traceId: TRACE, name: "x", error: { message: "m" } as never }),
        "error must be { code, message? } with a non-empty code",
      ],
      [
        "a source the API never takes from a client",
        () =>
          client.logFeedback({ traceId: TRACE, name: "x", value: 1, source: { type: "LLM_JUDGE" } as never }),
        'source.type must be "HUMAN" or "CODE"',
      ],
      [
        "an expectation without a value",
        () => client.logExpectation({ traceId: TRACE, name: "expected_response", value: null }),
        "logExpectation(): needs a value",
      ],
      ["no options at all", () => client.logFeedback(undefined as never), "needs an options object"],
      [
        "a value that is not JSON",
        () => client.logExpectation({ traceId: TRACE, name: "x", value: { big: 1n } }),
        "cannot be written as JSON",
      ],
      [
        "a malformed trace id to get",
        () => client.getAssessments({ traceId: "nope" }),
        "getAssessments(): traceId must be 32 hex characters",
      ],
      [
        "history that is not a boolean",
        () => client.getAssessments({ traceId: TRACE, history: "true" as never }),
        'history must be a boolean, got "true"',
      ],
      [
        "an empty assessment id",
        () => client.deleteAssessment({ traceId: TRACE, assessmentId: "" }),
        'deleteAssessment(): assessmentId must be a non-empty string, got ""',
      ],
      [
        "an override with neither value nor error",
        () => client.overrideFeedback({ traceId: TRACE, assessmentId: "asm_1", rationale: "r" }),
        "overrideFeedback(): needs a value or an error",
      ],
    ];
    for (const [what, call, message] of bad) {
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = call();
      }, what).not.toThrow();
      const error = await rejection(promise as Promise<unknown>);
      expect(error.kind, what).toBe("invalid_input");
      expect(error.message, what).toContain(message);
    }
    expect(api.requests).toEqual([]);
  });
});

describe("reading, overriding and deleting assessments", () => {
  it("lists, overrides, gets and deletes with the documented requests and answers", async () => {
    const client = makeClient();
    const id = await client.logFeedback({ traceId: TRACE, name: "correctness", value: false });
    const other = await client.logFeedback({ traceId: TRACE, name: "tone", value: "polite" });
    api.requests.length = 0;

    const current: Assessment[] = await client.getAssessments({ traceId: TRACE });
    expect(current.map((a) => a.id)).toEqual([id, other]);
    expect(current[0]).toMatchObject({
      kind: "feedback",
      name: "correctness",
      traceId: TRACE,
      value: false,
      score: 0,
      passed: false,
      valid: true,
    });

    const replacement = await client.overrideFeedback({
      traceId: TRACE,
      assessmentId: id,
      value: true,
      rationale: "a reviewer checked the docs",
      source: { type: "HUMAN", id: "reviewer-3" },
      metadata: { queue: "review" },
    });
    expect(replacement).toMatchObject({
      name: "correctness",
      value: true,
      overrides: id,
      valid: true,
      rationale: "a reviewer checked the docs",
      source: { type: "HUMAN", id: "reviewer-3" },
    });
    expect(await client.getAssessment({ traceId: TRACE, assessmentId: id })).toMatchObject({
      id,
      valid: false,
      supersededBy: replacement.id,
    });

    await expect(client.deleteAssessment({ traceId: TRACE, assessmentId: other })).resolves.toBeUndefined();
    expect((await client.getAssessments({ traceId: TRACE })).map((a) => a.id)).toEqual([replacement.id]);
    const history = await client.getAssessments({ traceId: TRACE, history: true });
    expect(history.map((a) => [a.id, a.valid, a.deleted])).toEqual([
      [id, false, false],
      [other, false, true],
      [replacement.id, true, false],
    ]);

    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${tracePath()}?history=false`,
      `PATCH ${tracePath()}/${id}`,
      `GET ${tracePath()}/${id}`,
      `DELETE ${tracePath()}/${other}`,
      `GET ${tracePath()}?history=false`,
      `GET ${tracePath()}?history=true`,
    ]);
    expect(api.requests[1]?.body).toEqual({
      value: true,
      rationale: "a reviewer checked the docs",
      source: { type: "HUMAN", id: "reviewer-3" },
      metadata: { queue: "review" },
    });
    for (const r of api.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      // Only requests with a body say what it is.
      expect(r.headers["content-type"]).toBe(r.method === "PATCH" ? "application/json" : undefined);
    }
  });

  it("surfaces CONFLICT when overriding an assessment that was already overridden", async () => {
    const client = makeClient();
    const id = await client.logFeedback({ traceId: TRACE, name: "correctness", value: "no" });
    await client.overrideFeedback({ traceId: TRACE, assessmentId: id, value: "yes" });
    const error = await rejection(client.overrideFeedback({ traceId: TRACE, assessmentId: id, value: "no" }));
    expect(error).toMatchObject({ kind: "api_error", status: 409, code: "CONFLICT" });
    expect(error.message).toBe(
      "overrideFeedback() failed (409 CONFLICT): This assessment was already overridden or deleted; override the current one.",
    );
  });

  it("surfaces NOT_FOUND for a trace the project has nothing of, and an empty list for a stored trace", async () => {
    const client = makeClient();
    const missing = "0af7651916cd43dd8448eb211c80319c";
    const error = await rejection(client.getAssessments({ traceId: missing }));
    expect(error).toMatchObject({ kind: "api_error", status: 404, code: "NOT_FOUND" });
    expect(error.message).toContain("Trace was not found.");
    api.traces.add(`${PROJECT}/${missing}`);
    expect(await client.getAssessments({ traceId: missing })).toEqual([]);
    const gone = await rejection(client.deleteAssessment({ traceId: missing, assessmentId: "asm_nope" }));
    expect(gone).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(api.requests.at(-1)).toMatchObject({ method: "DELETE", path: `${tracePath(missing)}/asm_nope` });
  });

  it("escapes an assessment id in the path", async () => {
    const client = makeClient({ projectId: PROJECT });
    await rejection(client.getAssessment({ traceId: TRACE, assessmentId: "a/b?c" }));
    expect(api.requests[0]?.path).toBe(`${tracePath()}/a%2Fb%3Fc`);
  });
});

describe("credentials, projects and transport failures", () => {
  it("rejects with UNAUTHENTICATED for a wrong key, and asks whoami again on the next call", async () => {
    const client = makeClient({ apiKey: "sl_wrong" });
    const first = await rejection(client.logFeedback({ traceId: TRACE, name: "x", value: 1 }));
    expect(first).toMatchObject({ kind: "api_error", status: 401, code: "UNAUTHENTICATED" });
    expect(first.message).toContain("A valid API key or session is required.");
    await rejection(client.logFeedback({ traceId: TRACE, name: "x", value: 1 }));
    // A failed lookup is not kept: each call asked again, and nothing was posted.
    expect(api.requests.map((r) => r.path)).toEqual(["/api/v1/whoami", "/api/v1/whoami"]);
  });

  it("asks for projectId when the credential reaches several projects, and uses it when given", async () => {
    api.userKeys.set("sl_user", ["prj_a", PROJECT]);
    const ambiguous = makeClient({ apiKey: "sl_user" });
    const error = await rejection(ambiguous.logFeedback({ traceId: TRACE, name: "x", value: 1 }));
    expect(error.kind).toBe("invalid_options");
    expect(error.message).toContain("reaches 2 projects; pass projectId to init()");
    const named = makeClient({ apiKey: "sl_user", projectId: PROJECT });
    await named.logFeedback({ traceId: TRACE, name: "x", value: 1 });
    expect(api.requests.at(-1)?.path).toBe(batchPath);
  });

  it("rejects with request_failed on a timeout, an unreachable server or an answer the API would not send", async () => {
    const slow = makeClient({ projectId: PROJECT, requestTimeoutMs: 50 });
    api.script({ delayMs: 1000, status: 201, body: '{"ids":["late"]}' });
    const timeout = await rejection(slow.logFeedback({ traceId: TRACE, name: "x", value: 1 }));
    expect(timeout.kind).toBe("request_failed");
    expect(timeout.message).toContain("no answer within 50 ms");

    const client = makeClient({ projectId: PROJECT });
    api.script({ status: 201, body: "<html>ok</html>", contentType: "text/html" });
    const notJson = await rejection(client.logFeedback({ traceId: TRACE, name: "x", value: 1 }));
    expect(notJson).toMatchObject({ kind: "request_failed", status: 201 });
    expect(notJson.message).toContain("a body that is not JSON: <html>ok</html>");

    api.script({ status: 201, body: '{"ids":[]}' });
    const noId = await rejection(client.logFeedback({ traceId: TRACE, name: "x", value: 1 }));
    expect(noId.kind).toBe("request_failed");
    expect(noId.message).toContain('unexpected answer {"ids":[]}');

    api.script({ status: 200, body: '{"items":[]}' });
    expect((await rejection(client.getAssessments({ traceId: TRACE }))).kind).toBe("request_failed");

    const unreachable = makeClient({ projectId: PROJECT, baseUrl: "http://127.0.0.1:9" });
    const refused = await rejection(unreachable.getAssessments({ traceId: TRACE }));
    expect(refused.kind).toBe("request_failed");
    expect(refused.message).toContain(`getAssessments() failed: GET /api/v1/projects/${PROJECT}/traces/`);
  });

  it("keeps a proxy's error page as the message when the answer is not the API's error body", async () => {
    const client = makeClient({ projectId: PROJECT });
    api.script({ status: 502, body: "<h1>Bad gateway</h1>", contentType: "text/html" });
    const error = await rejection(client.deleteAssessment({ traceId: TRACE, assessmentId: "asm_1" }));
    expect(error).toMatchObject({ kind: "api_error", status: 502, code: undefined, requestId: undefined });
    expect(error.message).toBe(
      `deleteAssessment() failed (502): DELETE ${tracePath()}/asm_1 answered HTTP 502: <h1>Bad gateway</h1>`,
    );
  });

  it("rejects with invalid_options, sending nothing, when the client has no usable apiKey or baseUrl", async () => {
    const client = makeClient({ apiKey: "", baseUrl: "not a url" });
    expect(errors.map((e) => e.kind)).toEqual(["invalid_options"]);
    errors.length = 0;
    const error = await rejection(client.logFeedback({ traceId: TRACE, name: "x", value: 1 }));
    expect(error.kind).toBe("invalid_options");
    expect(error.message).toContain("logFeedback() needs an apiKey and an http(s) baseUrl");
    expect(api.requests).toEqual([]);
  });
});

describe("module-level functions", () => {
  it("reject before init(), then go through the client init() made", async () => {
    // The module-level functions warn once that init() has not been called.
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const early = await rejection(sightline.logFeedback({ traceId: TRACE, name: "x", value: 1 }));
    expect(early.kind).toBe("not_initialized");
    expect(early.message).toContain("logFeedback() needs init()");
    expect(api.requests).toEqual([]);

    const client = sightline.init({ apiKey: KEY, baseUrl: api.baseUrl, onError: (e) => errors.push(e) });
    clients.push(client);
    const id = await sightline.logFeedback({ sessionId: "chat-1", name: "resolved", value: true });
    const expectation = await sightline.logExpectation({
      traceId: TRACE,
      name: "expected_response",
      value: "Paris",
    });
    const [listed] = await sightline.getAssessments({ traceId: TRACE });
    expect(listed?.id).toBe(expectation);
    const replaced = await sightline.overrideFeedback({
      traceId: TRACE,
      assessmentId: expectation,
      value: "Lyon",
    });
    expect((await sightline.getAssessment({ traceId: TRACE, assessmentId: replaced.id })).value).toBe("Lyon");
    await sightline.deleteAssessment({ traceId: TRACE, assessmentId: replaced.id });
    expect(await sightline.getAssessments({ traceId: TRACE, history: true })).toHaveLength(2);
    expect(api.assessments.find((a) => a.id === id)?.sessionId).toBe("chat-1");
    expect(api.requests.map((r) => `${r.method} ${r.path.replace(/\/asm_\d+/, "/:id")}`)).toEqual([
      "GET /api/v1/whoami",
      `POST ${batchPath}`,
      `POST ${batchPath}`,
      `GET ${tracePath()}?history=false`,
      `PATCH ${tracePath()}/:id`,
      `GET ${tracePath()}/:id`,
      `DELETE ${tracePath()}/:id`,
      `GET ${tracePath()}?history=true`,
    ]);
  });
});
