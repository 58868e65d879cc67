import { describe, expect, it } from "vitest";
import { TRUNCATION_MARKER } from "../ingest/payload";
import { asKey, asUser, createKey } from "../test/accounts";
import { expectError } from "../test/helpers";
import { agentTrace, newSpanId, newTraceId, sendOtlpJson } from "../test/otlp";
import { getSpan, getTrace, getTraceOutline } from "../test/trace-api";
import { hoursAgo, traceProject } from "../test/trace-fixtures";

describe("GET traces/{traceId}", () => {
  it("returns the summary and the spans in start order, with parsed inputs, outputs, attributes and events", async () => {
    const p = await traceProject();
    const trace = agentTrace({ startMs: hoursAgo(1), sessionId: "chat-1", userId: "ana", error: true });
    expect((await sendOtlpJson(p.ingestKey, [...trace.spans].reverse())).status).toBe(200);

    const detail = await getTrace(p.owner.cookie, p.owner.projectId, trace.traceId);
    expect(detail).toMatchObject({
      traceId: trace.traceId,
      name: "support_agent",
      status: "ERROR",
      spanCount: 4,
      errorCount: 2,
      sessionId: "chat-1",
      userId: "ana",
      totalTokens: 1200,
    });
    expect(detail.spans.map((s) => s.name)).toEqual([
      "support_agent",
      "search_docs",
      "chat gpt-4o-mini",
      "lookup_order",
    ]);
    const [root, retriever, chat, tool] = detail.spans;
    expect(root).toMatchObject({
      spanId: trace.rootSpanId,
      parentSpanId: null,
      spanType: "AGENT",
      status: "ERROR",
      statusMessage: "tool timed out",
      inputs: { question: "Where is my refund for order 1234?" },
      outputs: "Your refund was issued on Monday; it takes 3-5 days.",
      model: null,
      inputTokens: null,
      costUsd: null,
    });
    expect(root?.durationMs).toBeCloseTo(1200, 3);
    expect(root?.attributes["resource.service.name"]).toBe("support-agent");
    expect(retriever).toMatchObject({
      spanType: "RETRIEVER",
      parentSpanId: trace.rootSpanId,
      outputs: ["refund policy"],
    });
    expect(chat).toMatchObject({
      spanType: "CHAT_MODEL",
      model: "gpt-4o-mini-2024-07-18",
      provider: "openai",
      inputTokens: 1000,
      outputTokens: 200,
      totalTokens: 1200,
      cacheReadTokens: null,
      cacheWriteTokens: null,
    });
    expect(chat?.costUsd).toBeCloseTo((1000 * 0.15 + 200 * 0.6) / 1e6, 12);
    expect(chat?.inputs).toEqual([
      { role: "system", content: "You are a helpful support agent." },
      { role: "user", content: "Where is my refund for order 1234?" },
    ]);
    expect(tool?.events).toEqual([
      {
        time: new Date(Date.parse(root?.startTime ?? "") + 1150).toISOString(),
        name: "exception",
        attributes: {
          "exception.type": "TimeoutError",
          "exception.message": "tool timed out",
          "exception.stacktrace": "at lookup_order",
        },
      },
    ]);
  });

  it("keeps oversized inputs as the cut text with the truncation marker", async () => {
    const p = await traceProject();
    const traceId = newTraceId();
    const huge = "x".repeat(70_000);
    const res = await sendOtlpJson(p.ingestKey, [
      {
        traceId,
        spanId: newSpanId(),
        name: "big",
        startMs: hoursAgo(1),
        durationMs: 5,
        attributes: { "mlflow.spanInputs": JSON.stringify({ text: huge }), "mlflow.spanOutputs": '"ok"' },
      },
    ]);
    expect(res.status).toBe(200);
    const [span] = (await getTrace(p.owner.cookie, p.owner.projectId, traceId)).spans;
    expect(typeof span?.inputs).toBe("string");
    expect(String(span?.inputs).endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(span?.outputs).toBe("ok");
    expect(span?.status).toBe("UNSET");
  });

  it("accepts the id in upper case, and answers 404 for unknown ids and other projects' traces", async () => {
    const p = await traceProject();
    const other = await traceProject();
    const trace = agentTrace({ startMs: hoursAgo(1) });
    expect((await sendOtlpJson(other.ingestKey, trace.spans)).status).toBe(200);
    expect(
      (await getTrace(other.owner.cookie, other.owner.projectId, trace.traceId.toUpperCase())).traceId,
    ).toBe(trace.traceId);
    const base = `/api/v1/projects/${p.owner.projectId}/traces`;
    await expectError(await asUser(p.owner.cookie, `${base}/${newTraceId()}`), 404, "NOT_FOUND");
    // Another tenant's trace id inside one's own project is simply not there.
    await expectError(await asUser(p.owner.cookie, `${base}/${trace.traceId}`), 404, "NOT_FOUND");
    const { key } = await createKey(p.owner, ["read"]);
    await expectError(await asKey(key, `${base}/${trace.traceId}`), 404, "NOT_FOUND");
    await expectError(
      await asKey(key, `/api/v1/projects/${other.owner.projectId}/traces/${trace.traceId}`),
      404,
      "NOT_FOUND",
    );
  });
});

const HEAVY = ["inputs", "outputs", "attributes", "events"] as const;

describe("GET traces/{traceId}?spans=summary", () => {
  it("leaves out inputs, outputs, attributes and events and keeps everything else", async () => {
    const p = await traceProject();
    const trace = agentTrace({ startMs: hoursAgo(1), sessionId: "chat-2", userId: "bo", error: true });
    expect((await sendOtlpJson(p.ingestKey, trace.spans)).status).toBe(200);

    const full = await getTrace(p.owner.cookie, p.owner.projectId, trace.traceId);
    const outline = await getTraceOutline(p.owner.cookie, p.owner.projectId, trace.traceId);
    const { spans: fullSpans, ...fullSummary } = full;
    const { spans: lightSpans, ...lightSummary } = outline;
    expect(lightSummary).toEqual(fullSummary);
    expect(lightSpans).toHaveLength(4);
    expect(lightSpans).toEqual(
      fullSpans.map((span) => {
        const light: Record<string, unknown> = { ...span };
        for (const key of HEAVY) delete light[key];
        return light;
      }),
    );
    for (const span of lightSpans) for (const key of HEAVY) expect(span).not.toHaveProperty(key);
    // Status, timing, model and usage are all there for the waterfall.
    expect(lightSpans.find((s) => s.spanType === "CHAT_MODEL")).toMatchObject({
      model: "gpt-4o-mini-2024-07-18",
      provider: "openai",
      totalTokens: 1200,
      status: "OK",
    });
    expect(lightSpans[0]).toMatchObject({
      spanId: trace.rootSpanId,
      status: "ERROR",
      statusMessage: "tool timed out",
    });

    // `full` is the default; anything else is refused.
    const base = `/api/v1/projects/${p.owner.projectId}/traces/${trace.traceId}`;
    const explicit = (await (await asUser(p.owner.cookie, `${base}?spans=full`)).json()) as typeof full;
    expect(explicit).toEqual(full);
    await expectError(await asUser(p.owner.cookie, `${base}?spans=some`), 422, "INVALID_INPUT");
  });

  it("answers 404 for unknown ids and other projects' traces", async () => {
    const p = await traceProject();
    const other = await traceProject();
    const trace = agentTrace({ startMs: hoursAgo(1) });
    expect((await sendOtlpJson(other.ingestKey, trace.spans)).status).toBe(200);
    const base = `/api/v1/projects/${p.owner.projectId}/traces`;
    await expectError(
      await asUser(p.owner.cookie, `${base}/${newTraceId()}?spans=summary`),
      404,
      "NOT_FOUND",
    );
    await expectError(
      await asUser(p.owner.cookie, `${base}/${trace.traceId}?spans=summary`),
      404,
      "NOT_FOUND",
    );
  });
});

describe("GET traces/{traceId}/spans/{spanId}", () => {
  it("returns the whole span, as in the full trace", async () => {
    const p = await traceProject();
    const trace = agentTrace({ startMs: hoursAgo(1), error: true });
    expect((await sendOtlpJson(p.ingestKey, trace.spans)).status).toBe(200);
    const full = await getTrace(p.owner.cookie, p.owner.projectId, trace.traceId);
    for (const span of full.spans)
      expect(await getSpan(p.owner.cookie, p.owner.projectId, trace.traceId, span.spanId)).toEqual(span);

    const tool = full.spans.find((s) => s.name === "lookup_order");
    const one = await getSpan(
      p.owner.cookie,
      p.owner.projectId,
      trace.traceId.toUpperCase(),
      (tool?.spanId ?? "").toUpperCase(),
    );
    expect(one).toMatchObject({
      spanId: tool?.spanId,
      spanType: "TOOL",
      status: "ERROR",
      inputs: { order: 1234 },
      events: [{ name: "exception", attributes: { "exception.stacktrace": "at lookup_order" } }],
    });
    expect(one.attributes["mlflow.spanType"]).toBe("TOOL");
  });

  it("answers 404 for unknown span and trace ids, spans of other traces and other projects' spans", async () => {
    const p = await traceProject();
    const other = await traceProject();
    const mine = agentTrace({ startMs: hoursAgo(1) });
    const second = agentTrace({ startMs: hoursAgo(1) });
    const theirs = agentTrace({ startMs: hoursAgo(1) });
    expect((await sendOtlpJson(p.ingestKey, [...mine.spans, ...second.spans])).status).toBe(200);
    expect((await sendOtlpJson(other.ingestKey, theirs.spans)).status).toBe(200);
    const base = `/api/v1/projects/${p.owner.projectId}/traces`;
    const notFound = async (path: string) =>
      expectError(await asUser(p.owner.cookie, path), 404, "NOT_FOUND");
    await notFound(`${base}/${mine.traceId}/spans/${newSpanId()}`);
    await notFound(`${base}/${newTraceId()}/spans/${mine.rootSpanId}`);
    // A real span, asked for under another trace of the same project.
    await notFound(`${base}/${second.traceId}/spans/${mine.rootSpanId}`);
    // Another tenant's trace and span, inside one's own project and in theirs.
    await notFound(`${base}/${theirs.traceId}/spans/${theirs.rootSpanId}`);
    const { key } = await createKey(p.owner, ["read"]);
    await expectError(
      await asKey(
        key,
        `/api/v1/projects/${other.owner.projectId}/traces/${theirs.traceId}/spans/${theirs.rootSpanId}`,
      ),
      404,
      "NOT_FOUND",
    );
    // The owner of the other project reads it fine.
    expect(
      (await getSpan(other.owner.cookie, other.owner.projectId, theirs.traceId, theirs.rootSpanId)).spanId,
    ).toBe(theirs.rootSpanId);
  });
});
