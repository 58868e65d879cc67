import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parseRetryAfter } from "../src/exporter.ts";
import { type InitOptions, SightlineClient, type SightlineError } from "../src/index.ts";
import { type Collector, sleep, startCollector } from "./collector.ts";

let collector: Collector;
let errors: SightlineError[];
let clients: SightlineClient[];

beforeAll(async () => {
  collector = await startCollector();
});
afterAll(() => collector.close());
beforeEach(() => {
  collector.requests.length = 0;
  errors = [];
  clients = [];
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.shutdown()));
  vi.restoreAllMocks();
});

function makeClient(options: Partial<InitOptions> = {}): SightlineClient {
  const client = new SightlineClient({
    apiKey: "sl_test",
    baseUrl: collector.baseUrl,
    flushIntervalMs: 60_000,
    initialRetryDelayMs: 5,
    onError: (e) => errors.push(e),
    ...options,
  });
  clients.push(client);
  return client;
}

function endSpans(client: SightlineClient, count: number, prefix = "s"): void {
  for (let i = 0; i < count; i++) client.startSpan({ name: `${prefix}${i}` }).end();
}

const batchSizes = () => collector.requests.map((r) => r.body.resourceSpans[0]?.scopeSpans[0]?.spans.length);

describe("batching", () => {
  it("sends a batch as soon as maxBatchSize spans are queued, the rest on flush", async () => {
    const client = makeClient({ maxBatchSize: 3 });
    endSpans(client, 7);
    await collector.waitFor(() => collector.requests.length === 2);
    await sleep(50);
    expect(batchSizes()).toEqual([3, 3]);
    await client.flush();
    expect(batchSizes()).toEqual([3, 3, 1]);
    expect(collector.spans().map((s) => s.name)).toEqual(["s0", "s1", "s2", "s3", "s4", "s5", "s6"]);
  });

  it("sends a partial batch flushIntervalMs after its first span", async () => {
    const client = makeClient({ flushIntervalMs: 100 });
    const started = Date.now();
    endSpans(client, 2);
    await sleep(30);
    expect(collector.requests).toHaveLength(0);
    await collector.waitFor(() => collector.requests.length === 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(batchSizes()).toEqual([2]);
    // The timer re-arms for the next span.
    endSpans(client, 1, "later");
    await collector.waitFor(() => collector.requests.length === 2);
    expect(batchSizes()).toEqual([2, 1]);
  });

  it("flush() resolves at once with nothing queued, and shutdown() flushes then drops later spans", async () => {
    const client = makeClient();
    await client.flush();
    expect(collector.requests).toHaveLength(0);
    endSpans(client, 3);
    await client.shutdown();
    expect(batchSizes()).toEqual([3]);
    endSpans(client, 2, "after");
    await client.flush();
    expect(batchSizes()).toEqual([3]);
    expect(client.getDroppedSpanCount()).toBe(2);
    expect(errors.map((e) => e.kind)).toEqual(["spans_dropped"]);
  });
});

describe("retries", () => {
  it.each([429, 503])("waits for Retry-After on %i, then succeeds", async (status) => {
    collector.reply({ status, headers: { "retry-after": "1" } });
    const client = makeClient();
    endSpans(client, 2);
    await client.flush();
    expect(collector.requests).toHaveLength(2);
    const [first, second] = collector.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(second?.body).toEqual(first?.body);
    expect(errors).toEqual([]);
    expect(client.getDroppedSpanCount()).toBe(0);
  });

  it("retries 5xx and network errors with backoff", async () => {
    collector.reply({ status: 500 }, { status: 502 });
    let calls = 0;
    const flakyFetch: typeof fetch = (input, init) => {
      calls++;
      if (calls === 1) return Promise.reject(new TypeError("fetch failed"));
      return fetch(input, init);
    };
    const client = makeClient({ fetch: flakyFetch });
    endSpans(client, 1);
    await client.flush();
    expect(calls).toBe(4);
    expect(collector.requests).toHaveLength(3);
    expect(errors).toEqual([]);
  });

  it("abandons a request after exportTimeoutMs and retries it", async () => {
    collector.reply({ delayMs: 1000 });
    const client = makeClient({ exportTimeoutMs: 100 });
    endSpans(client, 1);
    await client.flush();
    expect(collector.requests).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it.each([400, 401, 403, 413])("never retries %i: drops the batch and reports it", async (status) => {
    collector.reply({ status, body: '{"error":{"code":"BAD","message":"nope"}}' });
    const client = makeClient();
    endSpans(client, 3);
    await client.flush();
    expect(collector.requests).toHaveLength(1);
    expect(client.getDroppedSpanCount()).toBe(3);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "export_rejected", status, droppedSpans: 3 });
    expect(errors[0]?.message).toContain("nope");
  });

  it("gives up after maxRetries and reports export_failed", async () => {
    collector.reply({ status: 500 }, { status: 500 }, { status: 500 });
    const client = makeClient({ maxRetries: 2 });
    endSpans(client, 1);
    await client.flush();
    expect(collector.requests).toHaveLength(3);
    expect(errors.map((e) => [e.kind, e.status, e.droppedSpans])).toEqual([["export_failed", 500, 1]]);
    expect(client.getDroppedSpanCount()).toBe(1);
  });

  it("reports OTLP partial success", async () => {
    collector.reply({ body: '{"partialSuccess":{"rejectedSpans":"1","errorMessage":"span too large"}}' });
    const client = makeClient();
    endSpans(client, 2);
    await client.flush();
    expect(errors.map((e) => [e.kind, e.droppedSpans])).toEqual([["partial_success", 1]]);
    expect(client.getDroppedSpanCount()).toBe(1);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe("bounded queue", () => {
  it("drops spans beyond maxQueueSize (in flight included) with a counter and one report", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gatedFetch: typeof fetch = async (input, init) => {
      await gate;
      return fetch(input, init);
    };
    const client = makeClient({ fetch: gatedFetch, maxQueueSize: 5, maxBatchSize: 2 });
    endSpans(client, 8);
    expect(client.getDroppedSpanCount()).toBe(3);
    expect(errors.map((e) => e.kind)).toEqual(["spans_dropped"]);
    release();
    await client.flush();
    expect(collector.spans().map((s) => s.name)).toEqual(["s0", "s1", "s2", "s3", "s4"]);
    // Room again: new spans are accepted.
    endSpans(client, 1, "again");
    await client.flush();
    expect(collector.spans()).toHaveLength(6);
    expect(client.getDroppedSpanCount()).toBe(3);
  });
});

describe("error reporting", () => {
  it("warns once per kind by default and never throws into the caller", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    collector.reply({ status: 400 }, { status: 400 });
    const client = makeClient({ onError: undefined, maxBatchSize: 1 });
    endSpans(client, 2);
    await client.flush();
    expect(client.getDroppedSpanCount()).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("[sightline]");
  });

  it("survives an onError that throws and a fetch that throws synchronously", async () => {
    const client = makeClient({
      maxRetries: 0,
      fetch: () => {
        throw new Error("sync failure");
      },
      onError: () => {
        throw new Error("bad handler");
      },
    });
    endSpans(client, 1);
    await expect(client.flush()).resolves.toBeUndefined();
    expect(client.getDroppedSpanCount()).toBe(1);
  });
});

describe("in a Node process", () => {
  it("does not keep the process alive, and flushes what is queued before it exits", async () => {
    const sdk = new URL("../src/index.ts", import.meta.url).href;
    const code = `
      import { init, startSpan } from ${JSON.stringify(sdk)};
      init({ apiKey: "k", baseUrl: ${JSON.stringify(collector.baseUrl)}, flushIntervalMs: 60000 });
      startSpan({ name: "from-child" }).end();
    `;
    const started = Date.now();
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: "inherit" });
    const [exitCode] = await once(child, "exit");
    expect(exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(collector.spans().map((s) => s.name)).toEqual(["from-child"]);
  });
});
