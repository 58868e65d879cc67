/**
 * Issue 10's ingest defects, each reproduced as a hostile client sent it: what a span may carry
 * into storage (well-formed text, times inside the window, token counts JavaScript can hold),
 * and that the project stays readable afterwards.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { readCapped } from "../http/body";
import { toApiError } from "../http/errors";
import { createDb } from "../lib/db";
import { ApiError } from "../lib/errors";
import { asUser } from "../test/accounts";
import { BASE, call, expectError } from "../test/helpers";
import { newSpanId, newTraceId, otlpProtobuf, type SpanInput } from "../test/otlp";
import { testOrgDb } from "../test/services";
import { getJson, getTrace } from "../test/trace-api";
import { type TraceProject, traceProject } from "../test/trace-fixtures";
import "./otlp/protobuf-runtime";
import { opentelemetry } from "./otlp/generated.js";

const send = (key: string, body: string | Uint8Array, type = "application/json") =>
  call("/v1/traces", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": type, origin: BASE },
    body,
  });

/** A root span as OTLP/JSON would carry it, with whatever fields the test overrides. */
function rawSpan(overrides: Record<string, unknown> = {}) {
  const startNs = BigInt(Date.now() - 5000) * 1_000_000n;
  return {
    traceId: newTraceId(),
    spanId: newSpanId(),
    name: "agent",
    kind: 1,
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: (startNs + 1_000_000_000n).toString(),
    attributes: [],
    ...overrides,
  };
}

const exportOf = (spans: unknown[]) =>
  JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }] });

/** The project's reads that a poisoned row used to break all answer 200. */
async function expectReadable(p: TraceProject, traceIds: string[]) {
  const base = `/api/v1/projects/${p.owner.projectId}`;
  const now = Date.now();
  const range = `from=${new Date(now - 86_400_000).toISOString()}&to=${new Date(now + 3_600_000).toISOString()}`;
  for (const path of [
    `${base}/traces`,
    `${base}/traces/export`,
    `${base}/sessions`,
    `${base}/metrics?${range}`,
  ]) {
    const res = await asUser(p.owner.cookie, path);
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  }
  for (const id of traceIds) await getTrace(p.owner.cookie, p.owner.projectId, id);
}

type Partial = { partialSuccess?: { rejectedSpans: string; errorMessage: string } };

describe("ingest boundary: text", () => {
  it("stores lone UTF-16 surrogates as U+FFFD, so reading the trace back cannot crash the database", async () => {
    const p = await traceProject();
    const traceId = newTraceId();
    const rootId = newSpanId();
    const span = rawSpan({
      traceId,
      spanId: rootId,
      name: "ab\ud800cd",
      status: { code: 2, message: "bad \udc00 status" },
      attributes: [
        { key: "session.id", value: { stringValue: "sess-\ud800" } },
        { key: "gen_ai.request.model", value: { stringValue: "model-\udbff" } },
        { key: "sightline.tag.env", value: { stringValue: "prod\ud800" } },
        { key: "key-\ud800", value: { stringValue: "value" } },
        { key: "input.value", value: { stringValue: "question \ud83d?" } },
      ],
      events: [{ name: "evt-\ud800", timeUnixNano: (BigInt(Date.now() - 4000) * 1_000_000n).toString() }],
    });
    const body = exportOf([span]);
    expect(body).toContain("\\ud800"); // what a hostile client sends: the escape, not UTF-8
    const res = await send(p.ingestKey, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});

    const trace = await getTrace(p.owner.cookie, p.owner.projectId, traceId);
    expect(trace.name).toBe("ab\uFFFDcd");
    expect(trace.sessionId).toBe("sess-\uFFFD");
    expect(trace.tags).toEqual({ env: "prod\uFFFD" });
    expect(trace.models).toEqual(["model-\uFFFD"]);
    const [root] = trace.spans;
    expect(root?.statusMessage).toBe("bad \uFFFD status");
    expect(root?.attributes["key-\uFFFD"]).toBe("value");
    expect(root?.events[0]?.name).toBe("evt-\uFFFD");
    expect(root?.inputs).toBe("question \uFFFD?");
    expect(trace.inputPreview).toBe("question \uFFFD?");
    expect(JSON.stringify(trace).isWellFormed()).toBe(true);
    await expectReadable(p, [traceId]);

    // No stored text of the project holds the bytes of a surrogate (ED A0..BF ..).
    const [bad] = await testOrgDb().all<{ n: number }>(sql`
      select (select count(*) from spans where project_id = ${p.owner.projectId}
        and (hex(name) glob '*ED[AB]*' or hex(status_message) glob '*ED[AB]*' or hex(model) glob '*ED[AB]*'
          or hex(inputs) glob '*ED[AB]*' or hex(attributes) glob '*ED[AB]*' or hex(events) glob '*ED[AB]*'
          or inputs like '%\\ud8%' or attributes like '%\\ud8%' or events like '%\\ud8%')) +
      (select count(*) from traces where project_id = ${p.owner.projectId}
        and (hex(name) glob '*ED[AB]*' or hex(input_preview) glob '*ED[AB]*' or hex(tags) glob '*ED[AB]*' or tags like '%\\ud8%')) +
      (select count(*) from trace_text where rowid in (select id from traces where project_id = ${p.owner.projectId})
        and hex(text) glob '*ED[AB]*') +
      (select count(*) from trace_facets where project_id = ${p.owner.projectId} and hex(value) glob '*ED[AB]*') +
      (select count(*) from trace_sessions where project_id = ${p.owner.projectId} and hex(session_id) glob '*ED[AB]*') as n`);
    expect(Number(bad?.n)).toBe(0);
  });
});

describe("ingest boundary: time window", () => {
  const hostileStarts: [string, unknown][] = [
    ["year 9999", "253402300799000000000"],
    ["u64 max", "18446744073709551615"],
    ["1e30 as a number", 1e30],
    ["before 2000", (BigInt(Date.UTC(1999, 11, 31)) * 1_000_000n).toString()],
    ["two days ahead", (BigInt(Date.now() + 2 * 86_400_000) * 1_000_000n).toString()],
  ];

  it("rejects spans starting outside 2000-01-01 … receipt + 24 h as partial success, keeping their children", async () => {
    const p = await traceProject();
    const traceIds: string[] = [];
    for (const [label, start] of hostileStarts) {
      const traceId = newTraceId();
      const parent = rawSpan({ traceId, startTimeUnixNano: start, endTimeUnixNano: start });
      const child = rawSpan({ traceId, parentSpanId: parent.spanId, name: "child" });
      const res = await send(p.ingestKey, exportOf([parent, child]));
      expect(res.status, label).toBe(200);
      const body = (await res.json()) as Partial;
      expect(body.partialSuccess?.rejectedSpans, label).toBe("1");
      expect(body.partialSuccess?.errorMessage, label).toMatch(/before 2000-01-01|more than 24 h after/);
      traceIds.push(traceId);
      const trace = await getTrace(p.owner.cookie, p.owner.projectId, traceId);
      expect(
        trace.spans.map((s) => s.name),
        label,
      ).toEqual(["child"]);
    }
    await expectReadable(p, traceIds);
  });

  it("rejects spans ending more than a day ahead and events with absurd times; an event without a time gets its span's", async () => {
    const p = await traceProject();
    const far = (BigInt(Date.now() + 3 * 86_400_000) * 1_000_000n).toString();
    const endsLate = rawSpan({ endTimeUnixNano: far });
    const lateEvent = rawSpan({ events: [{ name: "boom", timeUnixNano: "253402300799000000000" }] });
    const untimed = rawSpan({ events: [{ name: "no time" }] });
    const longName = rawSpan({
      events: [{ name: "x".repeat(100_000), timeUnixNano: "253402300799000000000" }],
    });
    const res = await send(p.ingestKey, exportOf([endsLate, lateEvent, untimed, longName]));
    const body = (await res.json()) as Partial;
    expect(body.partialSuccess?.rejectedSpans).toBe("3");
    // Client text is quoted short in the message, which goes back in the answer and to logs.
    expect(body.partialSuccess?.errorMessage.length).toBeLessThan(1000);
    const trace = await getTrace(p.owner.cookie, p.owner.projectId, untimed.traceId);
    expect(trace.spans[0]?.events[0]?.time).toBe(trace.spans[0]?.startTime);
    await expectReadable(p, [untimed.traceId]);
  });

  it("rejects a protobuf span whose fixed64 start is the type's maximum", async () => {
    const p = await traceProject();
    const ok: SpanInput = {
      traceId: newTraceId(),
      spanId: newSpanId(),
      name: "fine",
      startMs: Date.now() - 1000,
      durationMs: 10,
    };
    const message = opentelemetry.proto.ExportTraceServiceRequest.decode(
      otlpProtobuf([ok, { ...ok, spanId: newSpanId() }]),
    );
    const bad = message.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[1];
    if (!bad) throw new Error("no second span");
    bad.startTimeUnixNano = "18446744073709551615";
    bad.endTimeUnixNano = "18446744073709551615";
    const bytes = opentelemetry.proto.ExportTraceServiceRequest.encode(message).finish();
    const res = await send(p.ingestKey, bytes, "application/x-protobuf");
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer()).length).toBeGreaterThan(0); // partial success, encoded
    const trace = await getTrace(p.owner.cookie, p.owner.projectId, ok.traceId);
    expect(trace.spans.map((s) => s.name)).toEqual(["fine"]);
    await expectReadable(p, [ok.traceId]);
  });
});

describe("ingest boundary: numbers", () => {
  it("rejects token counts JavaScript cannot hold (or negative ones); the project's lists stay readable", async () => {
    const p = await traceProject();
    const tokens = (value: Record<string, unknown>) =>
      rawSpan({ attributes: [{ key: "gen_ai.usage.input_tokens", value }] });
    const hostile = [
      tokens({ intValue: "9007199254740993" }),
      tokens({ doubleValue: 1e308 }),
      tokens({ intValue: "-5" }),
      tokens({ stringValue: "9007199254740993" }),
    ];
    const fine = tokens({ intValue: "1200" });
    const res = await send(p.ingestKey, exportOf([...hostile, fine]));
    const body = (await res.json()) as Partial;
    expect(body.partialSuccess?.rejectedSpans).toBe("4");
    expect(body.partialSuccess?.errorMessage).toContain("inputTokens");
    const list = await getJson<{ traces: { traceId: string; inputTokens: number }[] }>(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/traces`,
    );
    expect(list.traces.map((t) => [t.traceId, t.inputTokens])).toEqual([[fine.traceId, 1200]]);
    await expectReadable(p, [fine.traceId]);
  });

  it("caps sums of many large (valid) token counts at 2^53 − 1 instead of storing what cannot be read", async () => {
    const p = await traceProject();
    const traceId = newTraceId();
    const root = rawSpan({ traceId });
    const big = { key: "gen_ai.usage.input_tokens", value: { intValue: String(Number.MAX_SAFE_INTEGER) } };
    const model = { key: "gen_ai.request.model", value: { stringValue: "gpt-4o-mini" } };
    const children = [1, 2, 3].map(() =>
      rawSpan({ traceId, parentSpanId: root.spanId, attributes: [big, model] }),
    );
    const res = await send(p.ingestKey, exportOf([root, ...children]));
    expect(await res.json()).toEqual({});
    const trace = await getTrace(p.owner.cookie, p.owner.projectId, traceId);
    expect(trace.inputTokens).toBe(Number.MAX_SAFE_INTEGER);
    await expectReadable(p, [traceId]);
  });

  it("keeps other integer attributes beyond 2^53 exactly, as decimal strings (JSON and protobuf)", async () => {
    const p = await traceProject();
    const json = rawSpan({
      attributes: [
        { key: "request.hash", value: { intValue: "1234567890123456789" } },
        { key: "small", value: { intValue: "42" } },
      ],
    });
    expect((await send(p.ingestKey, exportOf([json]))).status).toBe(200);
    const fromJson = await getTrace(p.owner.cookie, p.owner.projectId, json.traceId);
    expect(fromJson.spans[0]?.attributes).toMatchObject({
      "request.hash": "1234567890123456789",
      small: 42,
    });
    // Not an int64 at all: the span is malformed (partial success), not stored with a made-up value.
    for (const intValue of ["12345678901234567890", "0x10", "", "1e3", "abc"]) {
      const bad = rawSpan({ attributes: [{ key: "n", value: { intValue } }] });
      const res = await send(p.ingestKey, exportOf([bad]));
      expect(((await res.json()) as Partial).partialSuccess?.rejectedSpans, intValue).toBe("1");
    }

    const pb: SpanInput = {
      traceId: newTraceId(),
      spanId: newSpanId(),
      name: "pb",
      startMs: Date.now() - 100,
      durationMs: 5,
    };
    const message = opentelemetry.proto.ExportTraceServiceRequest.decode(otlpProtobuf([pb]));
    const span = message.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0];
    if (!span) throw new Error("no span");
    span.attributes = [
      { key: "request.hash", value: { intValue: "-9223372036854775808" } },
      { key: "small", value: { intValue: 42 } },
    ];
    const bytes = opentelemetry.proto.ExportTraceServiceRequest.encode(message).finish();
    expect((await send(p.ingestKey, bytes, "application/x-protobuf")).status).toBe(200);
    const fromPb = await getTrace(p.owner.cookie, p.owner.projectId, pb.traceId);
    expect(fromPb.spans[0]?.attributes).toMatchObject({ "request.hash": "-9223372036854775808", small: 42 });
  });
});

describe("ingest boundary: structure", () => {
  const nestedAttribute = (depth: number) => {
    let value = '{"stringValue":"leaf"}';
    for (let i = 0; i < depth; i++) value = `{"kvlistValue":{"values":[{"key":"k","value":${value}}]}}`;
    return exportOf([rawSpan({ attributes: [] })]).replace(
      '"attributes":[]',
      `"attributes":[{"key":"deep","value":${value}}]`,
    );
  };

  it("answers 400 to OTLP/JSON nested past the depth limit (700 and 100,000 levels), never a 500", async () => {
    const p = await traceProject();
    for (const depth of [700, 100_000]) {
      const res = await send(p.ingestKey, nestedAttribute(depth));
      const error = await expectError(res, 400, "BAD_REQUEST");
      expect(error.message).toContain("deeper than 100");
    }
    // A modest nesting is fine.
    expect((await send(p.ingestKey, nestedAttribute(5))).status).toBe(200);
  });

  it("answers 400 to a JSON API body nested past the limit", async () => {
    const p = await traceProject();
    const deep = `{"name":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const res = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: deep,
    });
    expect((await expectError(res, 400, "BAD_REQUEST")).message).toContain("deeper than 100");
  });
});

describe("errors classified by cause", () => {
  /** A body that breaks off after its first bytes, as a truncated upload or bad chunking does. */
  const broken = (first: string) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(first));
        controller.error(new Error("Network connection lost."));
      },
    });
  const tooLarge = () => new ApiError("PAYLOAD_TOO_LARGE", "too large");

  it("a body that breaks off is the caller's 400, not 503 'database unavailable'", async () => {
    const failure = await readCapped(broken('{"resourceSpans":['), 1000, tooLarge).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: "BAD_REQUEST", status: 400 });
    expect(String((failure as Error).message)).toContain("could not be read");
    // The same words from anything but a database round trip are no 503 either.
    expect(toApiError(new Error("Network connection lost.")).status).toBe(500);
  });

  it("a database that cannot be reached is a 503 with Retry-After", async () => {
    const db = createDb({ url: "http://127.0.0.1:9", wait: { timeoutMs: 2000 } });
    const failure = await db.run(sql`select 1`).catch((e: unknown) => e);
    const apiError = toApiError(failure);
    expect(apiError.status).toBe(503);
    expect(apiError.headers["Retry-After"]).toBeDefined();
  });
});

describe("ingest boundary: a span from before the fix", () => {
  it("reads and deletes a trace whose stored times and counts are beyond what JavaScript holds", async () => {
    const p = await traceProject();
    const good = rawSpan();
    expect((await send(p.ingestKey, exportOf([good]))).status).toBe(200);
    const poisoned = newTraceId();
    const spanId = newSpanId();
    const db = testOrgDb(p.owner.orgId);
    const huge = sql.raw("253402300799000000");
    await db.batch([
      db.run(sql`insert into traces (project_id, org_id, trace_id, name, root_span_id, start_us, end_us, duration_ms, status,
        span_count, error_count, input_tokens, output_tokens, total_tokens, session_id, tags, metadata, models, created_at, updated_at)
        values (${p.owner.projectId}, ${p.owner.orgId}, ${poisoned}, 'poisoned', ${spanId}, ${huge}, ${huge}, 0, 'OK',
        1, 0, 9007199254740993, 0, 9007199254740993, 'poisoned-session', '{}', '{}', '[]', 0, 0)`),
      db.run(sql`insert into trace_sessions (project_id, session_id, first_us, last_us)
        values (${p.owner.projectId}, 'poisoned-session', ${huge}, ${huge})`),
      db.run(sql`insert into spans (project_id, org_id, trace_id, span_id, name, span_type, kind, start_us, end_us, status,
        inputs, outputs, attributes, events, input_tokens)
        values (${p.owner.projectId}, ${p.owner.orgId}, ${poisoned}, ${spanId}, 'poisoned', 'UNKNOWN', 1, ${huge}, ${huge}, 'OK',
        null, null, '{}', '[{"timeUs":1e30,"name":"e"}]', 9007199254740993)`),
    ]);
    await expectReadable(p, [good.traceId, poisoned]);
    const session = await asUser(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/sessions/poisoned-session`,
    );
    expect(session.status).toBe(200);
    const trace = await getTrace(p.owner.cookie, p.owner.projectId, poisoned);
    expect(trace.inputTokens).toBe(Number.MAX_SAFE_INTEGER);
    expect(trace.spans[0]?.events[0]?.time).toBe("+275760-09-13T00:00:00.000Z");
    const del = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/traces/${poisoned}`, {
      method: "DELETE",
    });
    expect(del.status).toBe(204);
  });
});
