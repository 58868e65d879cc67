import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { namedInputs, parameterNames } from "../src/function-inputs.ts";
import {
  hasAsyncContext,
  SDK_VERSION,
  SightlineClient,
  type SightlineError,
  type Span,
  type SpanContext,
  SpanStatusCode,
  SpanType,
  type TraceUpdate,
} from "../src/index.ts";
import { type Collector, type DecodedSpan, sleep, startCollector } from "./collector.ts";

let collector: Collector;
let client: SightlineClient;
let errors: SightlineError[];

beforeAll(async () => {
  collector = await startCollector();
});
afterAll(() => collector.close());
beforeEach(() => {
  collector.requests.length = 0;
  errors = [];
  client = new SightlineClient({
    apiKey: "sl_test_key",
    baseUrl: `${collector.baseUrl}/`,
    serviceName: "span-tests",
    flushIntervalMs: 60_000,
    onError: (e) => errors.push(e),
  });
});
afterEach(() => client.shutdown());

async function exported(): Promise<DecodedSpan[]> {
  await client.flush();
  return collector.spans();
}

const json = (value: unknown) => JSON.parse(String(value));

describe("span tree", () => {
  it("parents nested withSpan calls and records returned values as outputs", async () => {
    expect(hasAsyncContext()).toBe(true);
    const result = await client.withSpan(
      { name: "root", spanType: SpanType.AGENT, inputs: { q: "hi" } },
      async () => {
        const docs = await client.withSpan({ name: "retrieve", spanType: SpanType.RETRIEVER }, async () => {
          await sleep(1);
          return client.withSpan({ name: "embed", spanType: "EMBEDDING" }, () => [1, 2]);
        });
        return { answer: "ok", docs };
      },
    );
    expect(result).toEqual({ answer: "ok", docs: [1, 2] });

    const spans = await exported();
    const root = spans.find((s) => s.name === "root");
    const retrieve = spans.find((s) => s.name === "retrieve");
    const embed = spans.find((s) => s.name === "embed");
    expect(root?.parentSpanId).toBeUndefined();
    expect(retrieve?.parentSpanId).toBe(root?.spanId);
    expect(embed?.parentSpanId).toBe(retrieve?.spanId);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([root?.traceId]));
    expect(root?.attributes["mlflow.spanType"]).toBe("AGENT");
    expect(json(root?.attributes["mlflow.spanInputs"])).toEqual({ q: "hi" });
    expect(json(root?.attributes["mlflow.spanOutputs"])).toEqual({ answer: "ok", docs: [1, 2] });
    expect(json(embed?.attributes["mlflow.spanOutputs"])).toEqual([1, 2]);
    expect(root?.status).toEqual({ code: SpanStatusCode.OK });
  });

  it("keeps concurrent async tasks under their own parents", async () => {
    const task = (name: string, delays: number[]) =>
      client.withSpan({ name, spanType: SpanType.CHAIN }, async () => {
        for (const [i, delay] of delays.entries()) {
          await sleep(delay);
          await client.withSpan({ name: `${name}.step${i}` }, async () => sleep(delay));
        }
      });
    await Promise.all([task("a", [5, 1, 5]), task("b", [1, 5, 1])]);

    const spans = await exported();
    const byName = new Map(spans.map((s) => [s.name, s]));
    for (const name of ["a", "b"]) {
      const parent = byName.get(name);
      for (const i of [0, 1, 2]) {
        const child = byName.get(`${name}.step${i}`);
        expect(child?.parentSpanId).toBe(parent?.spanId);
        expect(child?.traceId).toBe(parent?.traceId);
      }
    }
    expect(byName.get("a")?.traceId).not.toBe(byName.get("b")?.traceId);
  });

  it("takes an explicit parent (a Span or a remote SpanContext), and null for a new trace", async () => {
    const outer = client.startSpan({ name: "outer" });
    const child = client.startSpan({ name: "child", parent: outer });
    const remote = { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" };
    const fromRemote = client.startSpan({ name: "from-remote", parent: remote });
    await client.withSpan({ name: "active" }, () => {
      const detached = client.startSpan({ name: "detached", parent: null });
      const implicit = client.startSpan({ name: "implicit" });
      detached.end();
      implicit.end();
    });
    for (const span of [child, fromRemote, outer]) span.end();

    const spans = await exported();
    const get = (name: string) => spans.find((s) => s.name === name);
    expect(get("child")?.parentSpanId).toBe(outer.spanId);
    expect(get("from-remote")).toMatchObject({ traceId: remote.traceId, parentSpanId: remote.spanId });
    expect(get("detached")?.parentSpanId).toBeUndefined();
    expect(get("detached")?.traceId).not.toBe(get("active")?.traceId);
    expect(get("implicit")?.parentSpanId).toBe(get("active")?.spanId);
    // startSpan does not make its span active.
    expect(client.getCurrentSpan()).toBeUndefined();
  });

  it("records attributes, events, status and ignores changes after end", async () => {
    const span = client.startSpan({ name: "manual", spanType: SpanType.TOOL, attributes: { fixed: "yes" } });
    span.setInputs({ city: "Paris" }).setOutputs("sunny");
    span.setAttributes({
      int: 42,
      float: 1.5,
      flag: true,
      list: ["a", "b"],
      nested: { x: [1] },
      gone: undefined,
    });
    span.setAttribute("big", 2n ** 70n);
    span.addEvent("cache.miss", { key: "k1" });
    span.setStatus("ERROR", "bad thing");
    span.end();
    span.setAttribute("late", 1);
    span.end();

    const [exportedSpan] = await exported();
    expect(exportedSpan?.attributes).toMatchObject({
      "mlflow.spanType": "TOOL",
      fixed: "yes",
      int: 42,
      float: 1.5,
      flag: true,
      list: ["a", "b"],
      nested: '{"x":[1]}',
      big: 2 ** 70,
    });
    expect(exportedSpan?.attributes).not.toHaveProperty("late");
    expect(exportedSpan?.attributes).not.toHaveProperty("gone");
    expect(exportedSpan?.events).toEqual([
      { name: "cache.miss", timeUnixNano: expect.stringMatching(/^\d+$/), attributes: { key: "k1" } },
    ]);
    expect(exportedSpan?.status).toEqual({ code: 2, message: "bad thing" });
    expect(errors.map((e) => e.kind)).toEqual(["span_ended"]);
  });

  it("serialises awkward inputs without throwing", async () => {
    const cyclic: Record<string, unknown> = { name: "loop", when: new Date(0), set: new Set([1]), n: 10n };
    cyclic.self = cyclic;
    const shared = { v: 1 };
    client
      .startSpan({ name: "awkward", inputs: { cyclic, a: shared, b: shared, fn: () => 1, nan: Number.NaN } })
      .end();
    const [span] = await exported();
    expect(json(span?.attributes["mlflow.spanInputs"])).toEqual({
      cyclic: { name: "loop", when: "1970-01-01T00:00:00.000Z", set: [1], n: "10", self: "[Circular]" },
      a: { v: 1 },
      b: { v: 1 },
      nan: "NaN",
    });
  });
});

describe("trace()", () => {
  it("records named inputs and outputs of sync and async functions, keeping `this`", async () => {
    const add = client.trace((a: number, b: number) => a + b, { name: "add", spanType: SpanType.TOOL });
    const counter = {
      base: 10,
      bump: client.trace(async function bump(this: { base: number }, by: number, ...notes: string[]) {
        await sleep(1);
        return { total: this.base + by, notes };
      }),
    };
    expect(add(2, 3)).toBe(5);
    expect(await counter.bump(5, "x", "y")).toEqual({ total: 15, notes: ["x", "y"] });
    expect(counter.bump.name).toBe("bump");

    const spans = await exported();
    const addSpan = spans.find((s) => s.name === "add");
    expect(addSpan?.attributes["mlflow.spanType"]).toBe("TOOL");
    expect(json(addSpan?.attributes["mlflow.spanInputs"])).toEqual({ a: 2, b: 3 });
    expect(json(addSpan?.attributes["mlflow.spanOutputs"])).toBe(5);
    const bumpSpan = spans.find((s) => s.name === "bump");
    expect(json(bumpSpan?.attributes["mlflow.spanInputs"])).toEqual({ by: 5, notes: ["x", "y"] });
    expect(json(bumpSpan?.attributes["mlflow.spanOutputs"])).toEqual({ total: 15, notes: ["x", "y"] });
    expect(bumpSpan?.attributes["mlflow.spanType"]).toBe("UNKNOWN");
  });

  it("records errors as status ERROR with an exception event and rethrows the same error", async () => {
    const boom = new TypeError("no such tool");
    const syncFail = client.trace(
      (_query: string) => {
        throw boom;
      },
      { name: "sync-fail" },
    );
    const asyncFail = client.trace(async () => Promise.reject(boom), { name: "async-fail" });
    expect(() => syncFail("q")).toThrow(boom);
    await expect(asyncFail()).rejects.toBe(boom);

    const spans = await exported();
    for (const name of ["sync-fail", "async-fail"]) {
      const span = spans.find((s) => s.name === name);
      expect(span?.status).toEqual({ code: 2, message: "no such tool" });
      expect(span?.attributes["error.type"]).toBe("TypeError");
      expect(span?.events).toHaveLength(1);
      expect(span?.events[0]?.name).toBe("exception");
      expect(span?.events[0]?.attributes).toMatchObject({
        "exception.type": "TypeError",
        "exception.message": "no such tool",
        "exception.stacktrace": expect.stringContaining("no such tool"),
      });
      expect(span?.attributes).not.toHaveProperty("mlflow.spanOutputs");
    }
  });

  it("nests traced functions; returns a promise subclass or thenable as is, a plain promise chained", async () => {
    const inner = client.trace(async (x: number) => x * 2, { name: "inner" });
    const outer = client.trace(async (x: number) => (await inner(x)) + 1, { name: "outer" });
    // Like openai's APIPromise: extra methods that a chained promise would lose.
    class Tagged<T> extends Promise<T> {
      tag = "kept";
    }
    const tagged = Tagged.resolve(1);
    const identity = client.trace(() => tagged, { name: "identity" });
    expect(identity()).toBe(tagged);
    const plain = Promise.resolve(2);
    const chained = client.trace(() => plain, { name: "chained" })();
    expect(chained).not.toBe(plain);
    expect(await chained).toBe(2);
    expect(await outer(4)).toBe(9);
    const spans = await exported();
    expect(spans.find((s) => s.name === "inner")?.parentSpanId).toBe(
      spans.find((s) => s.name === "outer")?.spanId,
    );
  });

  it("names parameters from the function source, falling back to args", () => {
    expect(parameterNames((a: number, b = "x,y", ...rest: unknown[]) => [a, b, rest])).toEqual([
      "a",
      "b",
      "...rest",
    ]);
    expect(parameterNames(async (query) => query)).toEqual(["query"]);
    expect(
      parameterNames(function named(/* c */ first, second = Math.max(1, 2)) {
        return [first, second];
      }),
    ).toEqual(["first", "second"]);
    expect(parameterNames(({ a }: { a: number }) => a)).toBeUndefined();
    expect(parameterNames(Math.max)).toBeUndefined();
    expect(namedInputs(undefined, [1, 2])).toEqual({ args: [1, 2] });
    expect(namedInputs(["a"], [1, 2])).toEqual({ args: [1, 2] });
    expect(namedInputs(["a", "b"], [1])).toEqual({ a: 1 });
    expect(namedInputs([], [])).toEqual({});
  });
});

describe("updateCurrentTrace()", () => {
  it("writes session, user, tags and metadata on the trace's root span", async () => {
    await client.withSpan({ name: "request" }, async () => {
      await client.withSpan({ name: "step" }, async () => {
        client.updateCurrentTrace({
          sessionId: "sess-1",
          userId: "user-9",
          tags: { env: "prod" },
          metadata: { plan: "pro", retries: 2 },
        });
      });
      client.updateCurrentTrace({ tags: { route: "/chat" } });
    });
    const spans = await exported();
    const root = spans.find((s) => s.name === "request");
    expect(root?.attributes).toMatchObject({
      "session.id": "sess-1",
      "user.id": "user-9",
      "sightline.tag.env": "prod",
      "sightline.tag.route": "/chat",
      "sightline.metadata.plan": "pro",
      "sightline.metadata.retries": "2",
    });
    expect(spans.find((s) => s.name === "step")?.attributes).not.toHaveProperty("session.id");
  });

  it("reports calls outside a trace", () => {
    client.updateCurrentTrace({ userId: "nobody" });
    expect(errors.map((e) => e.kind)).toEqual(["no_active_trace"]);
  });
});

describe("OTLP/JSON request", () => {
  it("posts an ExportTraceServiceRequest with auth, resource and scope", async () => {
    client.withSpan({ name: "one", spanType: SpanType.LLM }, () => "x");
    await client.flush();
    expect(collector.requests).toHaveLength(1);
    const [request] = collector.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v1/traces");
    expect(request?.headers.authorization).toBe("Bearer sl_test_key");
    expect(request?.headers["content-type"]).toBe("application/json");
    const resourceSpans = request?.body.resourceSpans ?? [];
    expect(resourceSpans).toHaveLength(1);
    expect(resourceSpans[0]?.resource.attributes).toContainEqual({
      key: "service.name",
      value: { stringValue: "span-tests" },
    });
    expect(resourceSpans[0]?.scopeSpans[0]?.scope).toEqual({ name: "@sightline/sdk", version: SDK_VERSION });
    const span = resourceSpans[0]?.scopeSpans[0]?.spans[0];
    expect(span).toMatchObject({ name: "one", kind: 1, status: { code: 1 }, events: [] });
    expect(span?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span).not.toHaveProperty("parentSpanId");
    expect(span?.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(BigInt(span?.endTimeUnixNano ?? 0)).toBeGreaterThanOrEqual(BigInt(span?.startTimeUnixNano ?? 0));
    const now = BigInt(Date.now()) * 1_000_000n;
    expect(now - BigInt(span?.startTimeUnixNano ?? 0)).toBeLessThan(60_000_000_000n);
    expect(span?.attributes).toContainEqual({ key: "mlflow.spanType", value: { stringValue: "LLM" } });
    expect(span?.attributes).toContainEqual({ key: "mlflow.spanOutputs", value: { stringValue: '"x"' } });
  });

  it("encodes ints as decimal strings and other numbers as doubles", async () => {
    client.startSpan({ name: "numbers", attributes: { i: 7, d: 0.25, inf: Number.POSITIVE_INFINITY } }).end();
    await client.flush();
    const attributes = collector.requests[0]?.body.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.attributes;
    expect(attributes).toContainEqual({ key: "i", value: { intValue: "7" } });
    expect(attributes).toContainEqual({ key: "d", value: { doubleValue: 0.25 } });
    expect(attributes).toContainEqual({ key: "inf", value: { doubleValue: "Infinity" } });
  });

  it("keeps SDK_VERSION equal to package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(SDK_VERSION).toBe(pkg.version);
  });
});

describe("spans are safe to use", () => {
  it("exposes the span it passes to withSpan as the current span", () => {
    let seen: Span | undefined;
    client.withSpan({ name: "current" }, (span) => {
      seen = client.getCurrentSpan();
      expect(seen).toBe(span);
    });
    expect(seen?.ended).toBe(true);
    expect(client.getCurrentSpan()).toBeUndefined();
  });

  it("reports an invalid parent that JSON.stringify cannot handle (cyclic, BigInt) and starts a new trace", async () => {
    const cyclic: Record<string, unknown> = { traceId: "not-a-trace-id" };
    cyclic.self = cyclic;
    const withBigInt = { traceId: 1n, spanId: 2n };
    const spans = [cyclic, withBigInt].map((parent, i) =>
      client.startSpan({ name: `orphan${i}`, parent: parent as unknown as SpanContext }),
    );
    for (const span of spans) span.end();
    const exportedSpans = await exported();
    expect(exportedSpans.map((s) => [s.name, s.parentSpanId])).toEqual([
      ["orphan0", undefined],
      ["orphan1", undefined],
    ]);
    expect(errors.map((e) => e.kind)).toEqual(["invalid_options", "invalid_options"]);
    expect(errors[0]?.message).toContain('"self":"[Circular]"');
    expect(errors[1]?.message).toContain('"traceId":"1"');
  });

  it("takes undefined or null from plain-JS callers of setAttributes and updateCurrentTrace", async () => {
    const untyped = undefined as unknown as Record<string, unknown>;
    client.withSpan({ name: "loose" }, (span) => {
      expect(span.setAttributes(untyped)).toBe(span);
      expect(span.setAttributes(null as unknown as Record<string, unknown>)).toBe(span);
      client.updateCurrentTrace(undefined as unknown as TraceUpdate);
      client.updateCurrentTrace(null as unknown as TraceUpdate);
      span.setAttribute("still", "works");
    });
    const [span] = await exported();
    expect(span?.attributes).toMatchObject({ still: "works" });
    expect(errors).toEqual([]);
  });
});
