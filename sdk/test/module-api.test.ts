import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as sightline from "../src/index.ts";
import { type Collector, startCollector } from "./collector.ts";

let collector: Collector;

beforeAll(async () => {
  collector = await startCollector();
});
afterAll(() => collector.close());

describe("module-level API", () => {
  it("records but does not export before init(), then uses the client init() made", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    // Wrapped before init(): the client is looked up at each call.
    const answer = sightline.trace((question: string) => `answer to ${question}`, {
      name: "answer",
      spanType: sightline.SpanType.CHAIN,
    });
    expect(answer("early")).toBe("answer to early");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("init()");
    warn.mockRestore();

    const errors: sightline.SightlineError[] = [];
    const client = sightline.init({
      apiKey: "sl_module",
      baseUrl: collector.baseUrl,
      serviceName: "module-tests",
      onError: (e) => errors.push(e),
    });
    expect(sightline.getClient()).toBe(client);

    await sightline.withSpan({ name: "request", spanType: sightline.SpanType.WORKFLOW }, async (span) => {
      expect(sightline.getCurrentSpan()).toBe(span);
      sightline.updateCurrentTrace({ sessionId: "s-1", tags: { team: "search" } });
      answer("late");
      const manual = sightline.startSpan({ name: "manual", inputs: [1] });
      manual.setOutputs([2]).end();
    });
    await sightline.shutdown();

    const spans = collector.spans();
    expect(spans.map((s) => s.name).sort()).toEqual(["answer", "manual", "request"]);
    const request = spans.find((s) => s.name === "request");
    expect(request?.attributes).toMatchObject({ "session.id": "s-1", "sightline.tag.team": "search" });
    expect(spans.find((s) => s.name === "answer")?.parentSpanId).toBe(request?.spanId);
    expect(collector.requests[0]?.headers.authorization).toBe("Bearer sl_module");
    expect(sightline.getDroppedSpanCount()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("reports unusable options instead of throwing, and keeps running the code", () => {
    const errors: sightline.SightlineError[] = [];
    const client = new sightline.SightlineClient({
      apiKey: undefined as unknown as string,
      baseUrl: "not a url",
      onError: (e) => errors.push(e),
    });
    expect(client.withSpan({ name: "still works" }, () => 42)).toBe(42);
    expect(errors.map((e) => e.kind)).toEqual(["invalid_options"]);
  });
});
