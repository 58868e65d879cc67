/**
 * The TypeScript SDK inside workerd (the runtime of a Worker that calls an LLM), exporting to
 * this Worker's own OTLP route: spans nest through AsyncLocalStorage across awaits and timers,
 * and the trace arrives whole with its session and tags.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, expectTypeOf, it } from "vitest";
import { SightlineClient, type SightlineError, SpanType } from "../../sdk/src/index.ts";
import type { OtlpExportRequest } from "../../sdk/src/otlp.ts";
import { BASE } from "../test/helpers";
import { getTrace, listTraces } from "../test/trace-api";
import { traceProject } from "../test/trace-fixtures";
import type { OtlpJsonRequest } from "./otlp/decode-json";

describe("the SDK in workerd", () => {
  it("writes the wire format ingest reads (checked by the type checker: tsc fails when they drift)", () => {
    expectTypeOf<OtlpExportRequest>().toExtend<OtlpJsonRequest>();
  });

  it("parents spans through AsyncLocalStorage and delivers the trace to ingest", async () => {
    const { owner, ingestKey } = await traceProject();
    const errors: SightlineError[] = [];
    const client = new SightlineClient({
      apiKey: ingestKey,
      baseUrl: BASE,
      // This Worker's fetch handler, called in-process (a Worker calling itself by URL would leave the isolate).
      fetch: (input, init) => exports.default.fetch(new Request(input, init)),
      flushIntervalMs: 60_000,
      onError: (e) => errors.push(e),
    });
    const retrieve = client.trace(async (question: string) => [`policy about ${question}`], {
      name: "retrieve",
      spanType: SpanType.RETRIEVER,
    });
    const answer = await client.withSpan({ name: "agent", spanType: SpanType.AGENT }, async () => {
      client.updateCurrentTrace({ sessionId: "workerd-chat", tags: { runtime: "workerd" } });
      const docs = await retrieve("refunds");
      await new Promise((resolve) => setTimeout(resolve, 5));
      return client.withSpan({ name: "respond", spanType: SpanType.CHAIN }, async () => `see ${docs[0]}`);
    });
    expect(answer).toBe("see policy about refunds");
    await client.shutdown();
    expect(errors).toEqual([]);

    const { traces } = await listTraces(owner.cookie, owner.projectId, { tag: "runtime=workerd" });
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({ name: "agent", sessionId: "workerd-chat", spanCount: 3, status: "OK" });
    const { spans } = await getTrace(owner.cookie, owner.projectId, traces[0]?.traceId ?? "");
    const agent = spans.find((s) => s.name === "agent");
    expect(agent?.parentSpanId).toBeNull();
    expect(
      spans
        .filter((s) => s !== agent)
        .map((s) => [s.name, s.spanType, s.parentSpanId === agent?.spanId])
        .sort(),
    ).toEqual([
      ["respond", "CHAIN", true],
      ["retrieve", "RETRIEVER", true],
    ]);
    expect(spans.find((s) => s.name === "retrieve")?.outputs).toEqual(["policy about refunds"]);
  });
});
