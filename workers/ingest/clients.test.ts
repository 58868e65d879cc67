/**
 * Traces from the instrumentation libraries teams already use, replayed byte for byte from
 * recordings (workers/test/client-fixtures.ts): each must read as well as our own SDK's, except
 * what the library itself never sends (tests/fixtures/clients/README.md).
 */
import { describe, expect, it } from "vitest";
import { createKey, signUp } from "../test/accounts";
import { CLIENT_FIXTURES, type ClientFixture, replay } from "../test/client-fixtures";
import { getTrace, listTraces } from "../test/trace-api";
import type { TraceDetail } from "../traces/schemas";

type Span = TraceDetail["spans"][number];

/** What each library's trace must show; where it differs from the scenario, the library never sends it. */
const EXPECTED: Record<
  string,
  {
    tokens: { input: number; output: number };
    /** Spans a library leaves untyped because they are not GenAI (an HTTP server span, app code). */
    untyped: string[];
    failedCall: boolean;
    toolSpan: boolean;
    systemPrompt: boolean;
  }
> = {
  "vercel-ai-6": {
    tokens: { input: 622, output: 59 },
    untyped: ["POST /api/chat"],
    failedCall: true,
    toolSpan: true,
    systemPrompt: true,
  },
  "vercel-ai-7": {
    tokens: { input: 622, output: 59 },
    untyped: ["POST /api/chat"],
    failedCall: true,
    toolSpan: true,
    systemPrompt: true,
  },
  // No span for the failed call or the embedding; the streamed call's usage is its own estimate (8 / 17).
  traceloop: {
    tokens: { input: 312, output: 53 },
    untyped: [],
    failedCall: false,
    toolSpan: true,
    systemPrompt: true,
  },
  // The embedding has no usage.
  langfuse: {
    tokens: { input: 611, output: 59 },
    untyped: [],
    failedCall: true,
    toolSpan: true,
    systemPrompt: true,
  },
  // No embedding span; createAgent's system prompt is content blocks the flattened messages leave out.
  "langchain-openinference": {
    tokens: { input: 611, output: 59 },
    untyped: [],
    failedCall: true,
    toolSpan: true,
    systemPrompt: false,
  },
  "otel-instrumentation-openai": {
    tokens: { input: 622, output: 59 },
    untyped: ["POST /api/chat", "get_weather"],
    failedCall: true,
    toolSpan: false,
    systemPrompt: true,
  },
  // No span for the failed call; no tokens on the streamed call nor the embedding.
  "openinference-openai": {
    tokens: { input: 304, output: 36 },
    untyped: [],
    failedCall: false,
    toolSpan: true,
    systemPrompt: true,
  },
};

type Found = { name: string; arguments: unknown };

/** Tool calls anywhere in a payload, in any of the shapes libraries use. */
function toolCallsIn(value: unknown, out: Found[] = []): Found[] {
  if (Array.isArray(value)) for (const v of value) toolCallsIn(v, out);
  else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    const fn = o.function as Record<string, unknown> | undefined;
    if (o.type === "tool_call" && typeof o.name === "string")
      out.push({ name: o.name, arguments: o.arguments });
    // (A tool definition, `{ type: "function", function: { name, parameters } }`, is not a call.)
    else if (fn && typeof fn.name === "string" && fn.arguments !== undefined)
      out.push({ name: fn.name, arguments: fn.arguments });
    for (const v of Object.values(o)) toolCallsIn(v, out);
  }
  return out.map((c) => ({
    ...c,
    arguments: typeof c.arguments === "string" ? JSON.parse(c.arguments) : c.arguments,
  }));
}

/** Messages (anything with a role) anywhere in a payload. */
function rolesIn(value: unknown, out: { role: string; text: string }[] = []) {
  if (Array.isArray(value)) for (const v of value) rolesIn(v, out);
  else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.role === "string") out.push({ role: o.role, text: JSON.stringify(o) });
    for (const v of Object.values(o)) rolesIn(v, out);
  }
  return out;
}

async function replayed(fixture: ClientFixture) {
  const owner = await signUp();
  const { key } = await createKey(owner, ["ingest"]);
  const answers = await replay(fixture, key);
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  const list = await listTraces(owner.cookie, owner.projectId, { from: "2026-01-01T00:00:00Z" });
  expect(list.traces).toHaveLength(1);
  const summary = list.traces[0];
  if (!summary) throw new Error("no trace");
  return { owner, summary, trace: await getTrace(owner.cookie, owner.projectId, summary.traceId) };
}

describe.each(CLIENT_FIXTURES.map((f) => [f.library, f] as const))("traces from %s", (library, fixture) => {
  const want = EXPECTED[library];
  if (!want) throw new Error(`no expectations for ${library}`);

  it("types every GenAI span, counts tokens where they were spent, and keeps session and user", async () => {
    const { trace } = await replayed(fixture);
    const untyped = trace.spans.filter((s) => s.spanType === "UNKNOWN").map((s) => s.name);
    expect(untyped.sort()).toEqual([...want.untyped].sort());
    expect({ input: trace.inputTokens, output: trace.outputTokens }).toEqual(want.tokens);
    const modelSpans = trace.spans.filter((s) => ["LLM", "CHAT_MODEL", "EMBEDDING"].includes(s.spanType));
    expect(modelSpans.length).toBeGreaterThan(0);
    for (const s of modelSpans)
      expect(s.model, `${s.name}'s model`).toMatch(/^(gpt-4o-mini|text-embedding-3-small)/);
    expect(trace.sessionId).toBe(fixture.session);
    expect(trace.userId).toBe(fixture.user);
  });

  it("shows the question and the answer in the trace list, wherever the root span is", async () => {
    const { owner, summary } = await replayed(fixture);
    expect(summary.inputPreview).toContain(fixture.expected.question);
    expect(summary.outputPreview).toContain(fixture.expected.finalAnswer);
    // Text search reads the same previews.
    const found = await listTraces(owner.cookie, owner.projectId, {
      from: "2026-01-01T00:00:00Z",
      contains: "sunny in Paris",
    });
    expect(found.traces).toHaveLength(1);
  });

  it("reads the conversation: roles, the system prompt, the tool call with its arguments and result", async () => {
    const { trace } = await replayed(fixture);
    const payloads = trace.spans.flatMap((s: Span) => [s.inputs, s.outputs]);
    const calls = toolCallsIn(payloads).filter((c) => c.name === fixture.expected.toolName);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[0]?.arguments).toEqual(fixture.expected.toolArguments);
    const roles = rolesIn(payloads);
    expect(roles.map((r) => r.role)).toEqual(expect.arrayContaining(["user", "assistant"]));
    if (want.systemPrompt)
      expect(roles.some((r) => r.role === "system" && r.text.includes(fixture.expected.systemPrompt))).toBe(
        true,
      );
    if (want.toolSpan) {
      const tool = trace.spans.find((s) => s.spanType === "TOOL");
      expect(JSON.stringify(tool?.inputs)).toContain("Paris");
      expect(JSON.stringify(tool?.outputs)).toContain('"temperatureC":18');
    }
  });

  it(
    want.failedCall
      ? "shows the failed call as an error"
      : "has no span for the failed call (the library sends none)",
    async () => {
      const { trace } = await replayed(fixture);
      const failed = trace.spans.filter((s) => s.status === "ERROR");
      if (!want.failedCall) {
        expect(failed).toEqual([]);
        return;
      }
      expect(failed.length).toBeGreaterThan(0);
      expect(trace.status).toBe("ERROR");
      expect(failed.map((s) => s.statusMessage).join(" ")).toMatch(/maximum context length|BadRequestError/);
    },
  );
});
