/**
 * OTLP log ingest (`/v1/logs`): GenAI event records become their span's conversation, whichever
 * of span and records arrives first; other records are dropped and counted.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { asUser } from "../test/accounts";
import { CLIENT_FIXTURES, replay } from "../test/client-fixtures";
import { BASE, call, eventually } from "../test/helpers";
import { newSpanId, newTraceId } from "../test/otlp";
import { testOrgDb } from "../test/services";
import { getTrace, listTraces } from "../test/trace-api";
import { traceProject } from "../test/trace-fixtures";

const otel = CLIENT_FIXTURES.find((f) => f.library === "otel-instrumentation-openai");
if (!otel) throw new Error("no otel-instrumentation-openai fixture");

const sendLogs = (key: string, records: unknown[]) =>
  call("/v1/logs", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: records }] }] }),
  });

const nowNs = () => (BigInt(Date.now()) * 1_000_000n).toString();
const userMessage = (traceId: string, spanId: string, text: string) => ({
  timeUnixNano: nowNs(),
  traceId,
  spanId,
  attributes: [{ key: "event.name", value: { stringValue: "gen_ai.user.message" } }],
  body: { kvlistValue: { values: [{ key: "content", value: { stringValue: text } }] } },
});

describe("OTLP logs", () => {
  it("attaches the conversation whichever arrives first, log records or spans", async () => {
    const conversations = [];
    for (const logsFirst of [false, true]) {
      const p = await traceProject();
      const order = logsFirst ? [...otel.requests].reverse() : otel.requests;
      const answers = await replay({ ...otel, requests: order }, p.ingestKey);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      // Records that came first wait for their span: a queued job merges them once it is there.
      const summary = await eventually(
        async () => {
          const [t] = (await listTraces(p.owner.cookie, p.owner.projectId, { from: "2026-01-01T00:00:00Z" }))
            .traces;
          return t?.outputPreview === "It is 18°C and sunny in Paris." ? t : undefined;
        },
        { what: "the waiting messages to be merged into their spans" },
      );
      expect(summary.inputPreview).toBe("What is the weather in Paris?");
      expect(summary.outputPreview).toBe("It is 18°C and sunny in Paris.");
      const trace = await getTrace(p.owner.cookie, p.owner.projectId, summary.traceId);
      const chats = trace.spans.filter((s) => s.spanType === "CHAT_MODEL");
      conversations.push(chats.map((s) => [s.inputs, s.outputs]));
      // Nothing left waiting once the spans are in.
      const [left] = await testOrgDb(p.owner.orgId).all<{ n: number }>(
        sql`select count(*) as n from pending_span_messages where project_id = ${p.owner.projectId} and merged = 0`,
      );
      expect(Number(left?.n)).toBe(0);
      // The second call's conversation: system, user, the assistant's tool call, the tool's result.
      const second = chats[1]?.inputs as { role: string; parts: { type: string }[] }[];
      expect(second.map((m) => [m.role, m.parts.map((x) => x.type)])).toEqual([
        ["system", ["text"]],
        ["user", ["text"]],
        ["assistant", ["tool_call"]],
        ["tool", ["tool_call_response"]],
      ]);
    }
    expect(conversations[1]).toEqual(conversations[0]);
  });

  it("adds nothing twice when a client sends the same log records again after they were merged", async () => {
    const p = await traceProject();
    await replay(otel, p.ingestKey);
    const chats = async () => {
      const [summary] = (
        await listTraces(p.owner.cookie, p.owner.projectId, { from: "2026-01-01T00:00:00Z" })
      ).traces;
      if (!summary) throw new Error("no trace");
      const trace = await getTrace(p.owner.cookie, p.owner.projectId, summary.traceId);
      return trace.spans.filter((s) => s.spanType === "CHAT_MODEL").map((s) => [s.inputs, s.outputs]);
    };
    const once = await chats();
    const logs = otel.requests.filter((r) => r.path === "/v1/logs");
    const again = await replay({ ...otel, requests: logs }, p.ingestKey);
    expect(again.map((a) => a.status)).toEqual([200]);
    expect(await chats()).toEqual(once);
  });

  it("drops records without a span context and records that are not GenAI events, and says how many", async () => {
    const p = await traceProject();
    const traceId = newTraceId();
    const spanId = newSpanId();
    const res = await sendLogs(p.ingestKey, [
      userMessage(traceId, spanId, "kept until its span comes"),
      { ...userMessage(traceId, spanId, "no context"), traceId: undefined, spanId: undefined },
      { timeUnixNano: nowNs(), traceId, spanId, body: { stringValue: "GET /health 200" } },
    ]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedLogRecords: "2",
        errorMessage: "2 log record(s) dropped: 1 without a span context, 1 not GenAI conversation events",
      },
    });
    const rows = await testOrgDb(p.owner.orgId).all<{ span_id: string; side: string; preview: string }>(
      sql`select span_id, side, preview from pending_span_messages where project_id = ${p.owner.projectId}`,
    );
    expect(rows).toEqual([{ span_id: spanId, side: "input", preview: "kept until its span comes" }]);
  });

  it("answers 400 to undecodable bodies, 415 to other content types, 401 without a key, and a revoked key stores nothing", async () => {
    const p = await traceProject();
    const bad = await call("/v1/logs", {
      method: "POST",
      headers: { authorization: `Bearer ${p.ingestKey}`, "content-type": "application/x-protobuf" },
      body: new Uint8Array([0xff, 0xff, 0xff]),
    });
    expect(bad.status).toBe(400);
    const text = await call("/v1/logs", {
      method: "POST",
      headers: { authorization: `Bearer ${p.ingestKey}`, "content-type": "text/plain" },
      body: "hello",
    });
    expect(text.status).toBe(415);
    expect((await call("/v1/logs", { method: "POST", body: "{}" })).status).toBe(401);
    // Basic auth (Langfuse's exporter) needs a Sightline key as the password.
    const wrongBasic = await call("/api/public/otel/v1/traces", {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa("pk-lf-test:sk-lf-not-a-key")}`,
        "content-type": "application/json",
      },
      body: "{}",
    });
    expect(wrongBasic.status).toBe(401);
    const keys = (await (
      await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/api-keys`)
    ).json()) as {
      apiKeys: { id: string }[];
    };
    for (const k of keys.apiKeys)
      await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/api-keys/${k.id}`, {
        method: "DELETE",
      });
    const revoked = await sendLogs(p.ingestKey, [userMessage(newTraceId(), newSpanId(), "too late")]);
    expect(revoked.status).toBe(401);
    const [stored] = await testOrgDb(p.owner.orgId).all<{ n: number }>(
      sql`select count(*) as n from pending_span_messages where project_id = ${p.owner.projectId}`,
    );
    expect(Number(stored?.n)).toBe(0);
  });
});
