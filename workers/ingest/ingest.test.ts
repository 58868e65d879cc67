import { createExecutionContext } from "cloudflare:test";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rollups, spans, traces } from "../../schema";
import worker from "../index";
import { findFirst } from "../lib/db";
import { asUser, createKey, signUp } from "../test/accounts";
import { call, env, expectError } from "../test/helpers";
import { agentTrace, newSpanId, newTraceId, otlpJson, otlpProtobuf, sendOtlpJson } from "../test/otlp";
import { testOrgDb } from "../test/services";
import { listTraces } from "../test/trace-api";
import { traceProject } from "../test/trace-fixtures";
import { TRUNCATION_MARKER } from "./payload";

async function traceRow(projectId: string, traceId: string) {
  return findFirst(testOrgDb(), traces, and(eq(traces.projectId, projectId), eq(traces.traceId, traceId)));
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );
}

describe("OTLP/HTTP ingest", () => {
  it("stores a JSON export as one trace with normalised span types, tokens and cost", async () => {
    const { owner, ingestKey: key } = await traceProject();
    const t = agentTrace({ sessionId: "sess-1", userId: "user-7" });
    const res = await sendOtlpJson(key, t.spans);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({});

    const row = await traceRow(owner.projectId, t.traceId);
    expect(row).toMatchObject({
      name: "support_agent",
      rootSpanId: t.rootSpanId,
      status: "OK",
      spanCount: 4,
      inputTokens: 1000,
      outputTokens: 200,
      totalTokens: 1200,
      sessionId: "sess-1",
      userId: "user-7",
      tags: { env: "prod" },
      models: ["gpt-4o-mini-2024-07-18"],
    });
    expect(row?.durationMs).toBeCloseTo(1200, 0);
    // gpt-4o-mini: $0.15 / 1M input, $0.60 / 1M output.
    expect(row?.costUsd).toBeCloseTo((1000 * 0.15 + 200 * 0.6) / 1e6, 10);
    expect(row?.inputPreview).toContain("refund for order 1234");

    const stored = await testOrgDb()
      .select()
      .from(spans)
      .where(and(eq(spans.projectId, owner.projectId), eq(spans.traceId, t.traceId)));
    expect(Object.fromEntries(stored.map((s) => [s.name, s.spanType]))).toEqual({
      support_agent: "AGENT",
      search_docs: "RETRIEVER",
      "chat gpt-4o-mini": "CHAT_MODEL",
      lookup_order: "TOOL",
    });
    const chat = stored.find((s) => s.spanType === "CHAT_MODEL");
    expect(chat).toMatchObject({
      model: "gpt-4o-mini-2024-07-18",
      provider: "openai",
      inputTokens: 1000,
      outputTokens: 200,
    });
    expect(JSON.parse(chat?.inputs ?? "null")).toEqual([
      { role: "system", content: "You are a helpful support agent." },
      { role: "user", content: "Where is my refund for order 1234?" },
    ]);
    expect(JSON.parse(chat?.attributes ?? "{}")["resource.service.name"]).toBe("support-agent");
  });

  it("is idempotent: re-sending a batch changes no trace, span or rollup", async () => {
    const { owner, ingestKey: key } = await traceProject();
    const t = agentTrace();
    await sendOtlpJson(key, t.spans);
    const rollupsOf = () => testOrgDb().select().from(rollups).where(eq(rollups.projectId, owner.projectId));
    const before = { trace: await traceRow(owner.projectId, t.traceId), rollups: await rollupsOf() };
    expect((await sendOtlpJson(key, t.spans)).status).toBe(200);
    expect((await sendOtlpJson(key, [...t.spans, ...t.spans])).status).toBe(200);
    const after = { trace: await traceRow(owner.projectId, t.traceId), rollups: await rollupsOf() };
    expect({ ...after.trace, updatedAt: 0 }).toEqual({ ...before.trace, updatedAt: 0 });
    expect(after.rollups).toEqual(before.rollups);
    const rows = await testOrgDb().all<{ n: number }>(
      sql`select count(*) as n from spans where project_id = ${owner.projectId}`,
    );
    expect(Number(rows[0]?.n)).toBe(4);
  });

  it("counts every span once when concurrent requests of two projects re-send each other's spans", async () => {
    const first = await traceProject();
    const second = await traceProject();
    const traces = Array.from({ length: 6 }, () => agentTrace());
    // Twelve requests at once: each trace is sent by two requests, and to both projects.
    const sends = traces.flatMap((t, i) => {
      const next = traces[(i + 1) % traces.length]?.spans ?? [];
      return [
        sendOtlpJson(first.ingestKey, [...t.spans, ...next]),
        sendOtlpJson(second.ingestKey, [...next, ...t.spans]),
      ];
    });
    expect((await Promise.all(sends)).map((r) => r.status)).toEqual(Array(12).fill(200));
    for (const { owner } of [first, second]) {
      for (const t of traces) {
        expect(await traceRow(owner.projectId, t.traceId)).toMatchObject({ spanCount: 4, totalTokens: 1200 });
      }
      const hourly = await testOrgDb()
        .select()
        .from(rollups)
        .where(and(eq(rollups.projectId, owner.projectId), eq(rollups.model, "")));
      expect(hourly.reduce((n, r) => n + r.traces, 0)).toBe(6);
      const rows = await testOrgDb().all<{ n: number }>(
        sql`select count(*) as n from spans where project_id = ${owner.projectId}`,
      );
      expect(Number(rows[0]?.n)).toBe(24);
    }
  });

  it("assembles a trace whose spans arrive out of order over several requests", async () => {
    const { owner, ingestKey: key } = await traceProject();
    const t = agentTrace({ error: true });
    const [root, ...children] = t.spans;
    if (!root) throw new Error("no root");
    await sendOtlpJson(key, children.slice(0, 2));
    const partial = await traceRow(owner.projectId, t.traceId);
    expect(partial).toMatchObject({ spanCount: 2, rootSpanId: null });
    await sendOtlpJson(key, [children[2] ?? root]);
    await sendOtlpJson(key, [root]);
    const row = await traceRow(owner.projectId, t.traceId);
    expect(row).toMatchObject({
      name: "support_agent",
      rootSpanId: t.rootSpanId,
      spanCount: 4,
      status: "ERROR",
      errorCount: 2,
      totalTokens: 1200,
    });
    const hourly = await testOrgDb()
      .select()
      .from(rollups)
      .where(and(eq(rollups.projectId, owner.projectId), eq(rollups.model, "")));
    expect(hourly.map((r) => [r.traces, r.errorTraces])).toEqual([[1, 1]]);
  });

  it("moves a trace's tag filter to the new value when a later export changes the tag", async () => {
    const { owner, ingestKey: key } = await traceProject();
    const t = agentTrace();
    const [root, ...children] = t.spans;
    if (!root) throw new Error("no root");
    const tagged = (span: typeof root, value: string) => ({
      ...span,
      attributes: { ...span.attributes, "sightline.tag.env": value, "sightline.tag.team": "support" },
    });
    await sendOtlpJson(key, [tagged(root, "staging")]);
    await sendOtlpJson(
      key,
      children.map((span) => tagged(span, "prod")),
    );
    const found = async (tag: string) =>
      (await listTraces(owner.cookie, owner.projectId, { tag })).traces.map((x) => x.traceId);
    expect(await found("env=prod")).toEqual([t.traceId]);
    expect(await found("env=staging")).toEqual([]);
    expect(await found("team=support")).toEqual([t.traceId]);
    expect((await traceRow(owner.projectId, t.traceId))?.tags).toEqual({ env: "prod", team: "support" });
  });

  it("keeps only tags and ids the filters can find again", async () => {
    const { owner, ingestKey: key } = await traceProject();
    const t = agentTrace();
    const [root, ...children] = t.spans;
    if (!root) throw new Error("no root");
    const long = "v".repeat(1500);
    const session = "s".repeat(300);
    const odd = {
      "sightline.tag.a=b": "x",
      [`sightline.tag.${"k".repeat(101)}`]: "y",
      "sightline.tag.ok": long,
      "session.id": session,
    };
    const res = await sendOtlpJson(key, [
      { ...root, attributes: { ...root.attributes, ...odd } },
      ...children,
    ]);
    expect(res.status).toBe(200);
    const row = await traceRow(owner.projectId, t.traceId);
    expect(row?.tags).toEqual({ env: "prod", ok: long.slice(0, 1000) });
    expect(row?.sessionId).toBe(session.slice(0, 200));
    // What was cut can still be found, and the span keeps every attribute as sent.
    const found = async (query: Record<string, string>) =>
      (await listTraces(owner.cookie, owner.projectId, query)).traces.map((x) => x.traceId);
    expect(await found({ tag: `ok=${long.slice(0, 1000)}` })).toEqual([t.traceId]);
    expect(await found({ sessionId: session.slice(0, 200) })).toEqual([t.traceId]);
    const [stored] = await testOrgDb()
      .select({ attributes: spans.attributes })
      .from(spans)
      .where(and(eq(spans.projectId, owner.projectId), eq(spans.spanId, t.rootSpanId)));
    expect(JSON.parse(stored?.attributes ?? "{}")).toMatchObject({ "sightline.tag.a=b": "x" });
  });

  it("ignores a re-sent span whose tags changed: the trace's tags and its tag filters both keep the first value", async () => {
    const { owner, ingestKey: key } = await traceProject();
    const t = agentTrace();
    const [root] = t.spans;
    if (!root) throw new Error("no root");
    const tagged = (value: string) => ({
      ...root,
      attributes: { ...root.attributes, "sightline.tag.env": value },
    });
    await sendOtlpJson(key, [tagged("staging")]);
    await sendOtlpJson(key, [tagged("prod")]);
    const found = async (tag: string) =>
      (await listTraces(owner.cookie, owner.projectId, { tag })).traces.map((x) => x.traceId);
    expect(await found("env=staging")).toEqual([t.traceId]);
    expect(await found("env=prod")).toEqual([]);
    expect((await traceRow(owner.projectId, t.traceId))?.tags).toEqual({ env: "staging" });
  });

  it("accepts gzipped protobuf and answers in protobuf", async () => {
    const { owner, ingestKey: key } = await traceProject();
    const t = agentTrace();
    const body = await gzip(otlpProtobuf(t.spans));
    const res = await call("/v1/traces", {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/x-protobuf",
        "content-encoding": "gzip",
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    expect((await res.arrayBuffer()).byteLength).toBe(0); // an empty ExportTraceServiceResponse
    expect(await traceRow(owner.projectId, t.traceId)).toMatchObject({
      spanCount: 4,
      totalTokens: 1200,
      name: "support_agent",
    });
  });

  it("reports invalid spans as partial success and keeps the valid ones", async () => {
    const { owner, ingestKey: key } = await traceProject();
    const good = {
      traceId: newTraceId(),
      spanId: newSpanId(),
      name: "ok",
      startMs: Date.now(),
      durationMs: 5,
    };
    const res = await sendOtlpJson(key, [
      good,
      { ...good, spanId: "xyz", name: "bad id" },
      { ...good, spanId: newSpanId(), traceId: "0".repeat(32) },
    ]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe("2");
    expect(body.partialSuccess.errorMessage).toContain("invalid spanId");
    expect(await traceRow(owner.projectId, good.traceId)).toMatchObject({ spanCount: 1 });
  });

  it("answers undecodable bodies 400, unknown content types 415 and oversized bodies 413", async () => {
    const { ingestKey: key } = await traceProject();
    const post = (body: BodyInit, headers: Record<string, string>) =>
      call("/v1/traces", { method: "POST", headers: { authorization: `Bearer ${key}`, ...headers }, body });
    await expectError(await post("{not json", { "content-type": "application/json" }), 400, "BAD_REQUEST");
    await expectError(
      await post(JSON.stringify({ resourceSpans: "nope" }), { "content-type": "application/json" }),
      400,
      "BAD_REQUEST",
    );
    const badProto = await post(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), {
      "content-type": "application/x-protobuf",
    });
    expect(badProto.status).toBe(400);
    expect(badProto.headers.get("content-type")).toBe("application/x-protobuf");
    await expectError(await post("x", { "content-type": "text/plain" }), 415, "UNSUPPORTED_MEDIA_TYPE");
    await expectError(
      await post(new Uint8Array(6 * 1024 * 1024), { "content-type": "application/json" }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    // Small on the wire, huge once inflated.
    const bomb = await gzip(new Uint8Array(21 * 1024 * 1024));
    await expectError(
      await post(bomb, { "content-type": "application/json", "content-encoding": "gzip" }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
  });

  it("stops writing the moment its key is revoked, though the key's lookup is reused", async () => {
    const owner = await signUp();
    const { id, key } = await createKey(owner, ["ingest"]);
    const before = agentTrace();
    expect((await sendOtlpJson(key, before.spans)).status).toBe(200);
    const revoked = await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/api-keys/${id}`, {
      method: "DELETE",
    });
    expect(revoked.status).toBe(204);
    // The first export after revocation may come from a cached lookup: the write itself refuses.
    for (const t of [agentTrace(), agentTrace()]) {
      const refused = await expectError(await sendOtlpJson(key, t.spans), 401, "UNAUTHENTICATED");
      expect(refused.message).toContain("revoked");
      expect(await traceRow(owner.projectId, t.traceId)).toBeUndefined();
    }
    const [stored] = await testOrgDb().all<{ n: number }>(
      sql`select count(*) as n from spans where project_id = ${owner.projectId}`,
    );
    expect(stored?.n).toBe(before.spans.length);
  });

  it("needs an ingest key: a read-only key gets 403", async () => {
    const owner = await signUp();
    const { key } = await createKey(owner, ["read"]);
    await expectError(await sendOtlpJson(key, agentTrace().spans), 403, "FORBIDDEN");
  });

  it("truncates payloads over the cap with a marker, and prices unknown models at nothing", async () => {
    const { owner, ingestKey: key } = await traceProject();
    const traceId = newTraceId();
    const spanId = newSpanId();
    await sendOtlpJson(key, [
      {
        traceId,
        spanId,
        name: "big",
        startMs: Date.now(),
        durationMs: 3,
        attributes: {
          "mlflow.spanOutputs": JSON.stringify("y".repeat(100_000)),
          "gen_ai.request.model": "my-own-model",
          "gen_ai.usage.input_tokens": 10,
        },
      },
    ]);
    const [span] = await testOrgDb()
      .select()
      .from(spans)
      .where(and(eq(spans.projectId, owner.projectId), eq(spans.spanId, spanId)));
    expect(span?.outputs?.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(span?.outputs?.length).toBeLessThan(70_000);
    expect(span?.costUsd).toBeNull();
    expect((await traceRow(owner.projectId, traceId))?.costUsd).toBeNull();
  });

  it("answers 503 with Retry-After when the database cannot be reached", async () => {
    const { ingestKey: key } = await traceProject();
    const down = { ...env, LIBSQL_URL: "http://127.0.0.1:9" };
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("http://x/v1/traces", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(otlpJson(agentTrace().spans)),
      }),
      down,
      ctx,
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
  });
});
