/**
 * Real clients against the real stack (the Worker in workerd + local libSQL): the OpenTelemetry JS SDK
 * with its protobuf and JSON OTLP exporters, and the Sightline SDK's OpenAI autolog on a
 * streamed call. What they send must come back from the traces API with the right span types,
 * token counts and cost.
 */
import { OTLPTraceExporter as OTLPJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OTLPProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startOpenAIServer } from "../../scripts/openai-server.ts";
import { signUpOnStack } from "../../scripts/stack-account.ts";
import { SightlineClient, wrapOpenAI } from "../../sdk/src/index.ts";

type TraceDetail = {
  name: string;
  totalTokens: number;
  costUsd: number | null;
  spans: {
    name: string;
    spanType: string;
    parentSpanId: string | null;
    inputTokens: number | null;
    outputTokens: number | null;
    model: string | null;
    outputs: unknown;
  }[];
};

describe("ingest from real clients", () => {
  const baseUrl = inject("baseUrl");
  let projectId = "";
  let key = "";

  beforeAll(async () => {
    const account = await signUpOnStack(baseUrl, "clients");
    projectId = account.projectId;
    key = await account.key(["ingest", "read"]);
  });

  async function fetchTrace(traceId: string, spans: number): Promise<TraceDetail> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await fetch(`${baseUrl}/api/v1/projects/${projectId}/traces/${traceId}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      if (res.ok) {
        const detail = (await res.json()) as TraceDetail;
        if (detail.spans.length >= spans) return detail;
      }
      if (Date.now() > deadline)
        throw new Error(`trace ${traceId} did not arrive with ${spans} spans (last status ${res.status})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  for (const [label, Exporter] of [
    ["protobuf", OTLPProtoExporter],
    ["JSON", OTLPJsonExporter],
  ] as const) {
    it(`the OpenTelemetry SDK's ${label} exporter produces a trace with span types, tokens and cost`, async () => {
      const exporter = new Exporter({
        url: `${baseUrl}/v1/traces`,
        headers: { Authorization: `Bearer ${key}` },
      });
      const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
      const tracer = provider.getTracer("otel-e2e");
      let traceId = "";
      const root = tracer.startSpan("answer_question", {
        attributes: { "openinference.span.kind": "AGENT", "input.value": "What is OTLP?" },
      });
      traceId = root.spanContext().traceId;
      const { trace, context } = await import("@opentelemetry/api");
      const parentContext = trace.setSpan(context.active(), root);
      const llm = tracer.startSpan(
        "chat gpt-4o",
        {
          attributes: {
            "gen_ai.operation.name": "chat",
            "gen_ai.system": "openai",
            "gen_ai.request.model": "gpt-4o",
            "gen_ai.usage.input_tokens": 2000,
            "gen_ai.usage.output_tokens": 500,
          },
        },
        parentContext,
      );
      llm.end();
      root.end();
      await provider.forceFlush();
      await provider.shutdown();

      const detail = await fetchTrace(traceId, 2);
      expect(detail.name).toBe("answer_question");
      const byName = Object.fromEntries(detail.spans.map((s) => [s.name, s]));
      expect(byName.answer_question?.spanType).toBe("AGENT");
      expect(byName["chat gpt-4o"]).toMatchObject({
        spanType: "CHAT_MODEL",
        model: "gpt-4o",
        inputTokens: 2000,
        outputTokens: 500,
      });
      expect(detail.totalTokens).toBe(2500);
      // gpt-4o: $2.50 / 1M input, $10 / 1M output.
      expect(detail.costUsd).toBeCloseTo((2000 * 2.5 + 500 * 10) / 1e6, 10);
    });
  }

  describe("the Sightline SDK", () => {
    let llm: Awaited<ReturnType<typeof startOpenAIServer>>;
    beforeAll(async () => {
      llm = await startOpenAIServer();
    });
    afterAll(async () => {
      await llm?.close();
    });

    it("autologs a streamed OpenAI chat call with the assembled answer and token usage", async () => {
      llm.script([
        {
          path: "/v1/chat/completions",
          reply: { content: "Streams arrive in chunks.", usage: { inputTokens: 12, outputTokens: 5 } },
        },
      ]);
      const client = new SightlineClient({ apiKey: key, baseUrl, serviceName: "sdk-e2e" });
      const openai = wrapOpenAI(new OpenAI({ apiKey: "test", baseURL: llm.url, maxRetries: 0 }), { client });
      let traceId = "";
      const answer = await client.withSpan({ name: "streaming_agent", spanType: "AGENT" }, async (span) => {
        traceId = span.spanContext().traceId;
        const stream = await openai.chat.completions.create({
          model: "gpt-4o-mini",
          messages: [{ role: "user", content: "How do streams work?" }],
          stream: true,
          stream_options: { include_usage: true },
        });
        let text = "";
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
        return text;
      });
      await client.shutdown();
      expect(answer).toBe("Streams arrive in chunks.");

      const detail = await fetchTrace(traceId, 2);
      const chat = detail.spans.find((s) => s.spanType === "CHAT_MODEL");
      expect(chat).toMatchObject({ inputTokens: 12, outputTokens: 5 });
      expect(chat?.model).toMatch(/^gpt-4o-mini/);
      expect(JSON.stringify(chat?.outputs)).toContain("Streams arrive in chunks.");
      expect(detail.costUsd).toBeGreaterThan(0);
    });
  });
});
