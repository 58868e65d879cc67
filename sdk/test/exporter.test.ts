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

/** Milliseconds between consecutive requests the collector received. */
const gapsBetweenRequests = () =>
  collector.requests.slice(1).map((r, i) => r.at - (collector.requests[i]?.at ?? r.at));

/** A gate for fetch: requests wait until release() is called. */
function gatedFetch(): { fetch: typeof fetch; release: () => void } {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    fetch: async (input, init) => {
      await gate;
      return fetch(input, init);
    },
    release,
  };
}

/** Runs an ES module in a fresh Node process, killed after timeoutMs (so a hang fails the test). */
async function runNode(code: string, timeoutMs: number): Promise<{ exitCode: unknown; stdout: string }> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    const [exitCode] = await once(child, "exit");
    return { exitCode, stdout };
  } finally {
    clearTimeout(timer);
  }
}

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

  it("splits a batch whose body would exceed maxExportBytes, and drops only a span too big alone", async () => {
    const client = makeClient({ maxExportBytes: 4096 });
    const text = "é".repeat(600); // 1,200 bytes of UTF-8 per span's inputs
    for (let i = 0; i < 6; i++) client.startSpan({ name: `big${i}`, inputs: { text } }).end();
    client.startSpan({ name: "huge", inputs: { text: "x".repeat(5000) } }).end();
    client.startSpan({ name: "after" }).end();
    await client.flush();
    const sizes = collector.requests.map((r) => Buffer.byteLength(JSON.stringify(r.body)));
    expect(collector.requests.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(4096);
    expect(collector.spans().map((s) => s.name)).toEqual([
      "big0",
      "big1",
      "big2",
      "big3",
      "big4",
      "big5",
      "after",
    ]);
    expect(client.getDroppedSpanCount()).toBe(1);
    expect(errors.map((e) => e.kind)).toEqual(["export_rejected"]);
    expect(errors[0]?.message).toContain("maxExportBytes");
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

  it("backs off exponentially between retries", async () => {
    // Equal jitter: each wait is half fixed, half random; with Math.random() at 0 it is exactly the half.
    vi.spyOn(Math, "random").mockReturnValue(0);
    collector.reply({ status: 500 }, { status: 500 }, { status: 500 });
    const client = makeClient({ initialRetryDelayMs: 40 });
    endSpans(client, 1);
    await client.flush();
    expect(collector.requests).toHaveLength(4);
    const gaps = gapsBetweenRequests();
    // 40, 80 and 160 ms halved; a constant delay would wait 20 ms each time. (1 ms timer slack.)
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    expect(gaps[1]).toBeGreaterThanOrEqual(39);
    expect(gaps[2]).toBeGreaterThanOrEqual(79);
    expect(errors).toEqual([]);
  });

  it("caps backoff at maxRetryDelayMs", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    collector.reply({ status: 500 });
    const client = makeClient({ initialRetryDelayMs: 60_000, maxRetryDelayMs: 50 });
    const started = Date.now();
    endSpans(client, 1);
    await client.flush();
    expect(collector.requests).toHaveLength(2);
    expect(gapsBetweenRequests()[0]).toBeGreaterThanOrEqual(24);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("honours Retry-After (seconds or a date) but never waits longer than maxRetryDelayMs", async () => {
    collector.reply(
      { status: 429, headers: { "retry-after": "10" } },
      { status: 503, headers: { "retry-after": new Date(Date.now() + 3_600_000).toUTCString() } },
    );
    const client = makeClient({ initialRetryDelayMs: 1, maxRetryDelayMs: 50 });
    const started = Date.now();
    endSpans(client, 1);
    await client.flush();
    expect(collector.requests).toHaveLength(3);
    // The Retry-After wait (not the ~1 ms backoff), cut to the 50 ms cap instead of 10 s or an hour.
    for (const gap of gapsBetweenRequests()) expect(gap).toBeGreaterThanOrEqual(49);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(errors).toEqual([]);
    expect(client.getDroppedSpanCount()).toBe(0);
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

describe("numeric options", () => {
  const sdkUrl = new URL("../src/index.ts", import.meta.url).href;
  const numericNames = [
    "flushIntervalMs",
    "maxBatchSize",
    "maxQueueSize",
    "maxRetries",
    "initialRetryDelayMs",
    "maxRetryDelayMs",
    "exportTimeoutMs",
  ] as const;

  function expectReported(...names: string[]): void {
    expect(errors.map((e) => e.kind)).toEqual(["invalid_options"]);
    for (const name of names) expect(errors[0]?.message).toContain(name);
  }

  // In a child process: before the fix, a NaN maxBatchSize made flush() loop forever synchronously,
  // which would freeze the test runner itself rather than fail a test.
  it.each(["NaN", "-1", "Infinity"])(
    "with every numeric option %s, flush() and shutdown() finish and deliver with the defaults",
    async (bad) => {
      const options = numericNames.map((name) => `${name}: ${bad}`).join(", ");
      const code = `
        import { SightlineClient } from ${JSON.stringify(sdkUrl)};
        const errors = [];
        const client = new SightlineClient({
          apiKey: "k",
          baseUrl: ${JSON.stringify(collector.baseUrl)},
          ${options},
          onError: (e) => errors.push({ kind: e.kind, message: e.message }),
        });
        for (let i = 0; i < 3; i++) client.startSpan({ name: "s" + i }).end();
        await client.flush();
        await client.shutdown();
        console.log(JSON.stringify({ errors, dropped: client.getDroppedSpanCount() }));
      `;
      const { exitCode, stdout } = await runNode(code, 15_000);
      expect(exitCode).toBe(0);
      const result = JSON.parse(stdout) as { errors: { kind: string; message: string }[]; dropped: number };
      expect(result.dropped).toBe(0);
      expect(result.errors.map((e) => e.kind)).toEqual(["invalid_options"]);
      for (const name of numericNames) expect(result.errors[0]?.message).toContain(`${name} ${bad}`);
      expect(collector.spans().map((s) => s.name)).toEqual(["s0", "s1", "s2"]);
    },
  );

  it("reports every unusable value in one invalid_options error", () => {
    makeClient({
      flushIntervalMs: 2 ** 31,
      maxBatchSize: 2.5,
      maxQueueSize: 0,
      maxRetries: -1,
      initialRetryDelayMs: Number.NaN,
      maxRetryDelayMs: Number.POSITIVE_INFINITY,
      exportTimeoutMs: "10" as unknown as number,
    });
    expectReported(
      "flushIntervalMs 2147483648 (needs a number of at least 0 and at most 2147483647; using 1000)",
      "maxBatchSize 2.5 (needs an integer of at least 1; using 100)",
      "maxQueueSize 0 (needs an integer of at least 1; using 10000)",
      "maxRetries -1 (needs an integer of at least 0; using 5)",
      "initialRetryDelayMs NaN",
      "maxRetryDelayMs Infinity",
      'exportTimeoutMs "10"',
    );
  });

  it("accepts the smallest usable values, and treats null like an absent option", () => {
    makeClient({
      flushIntervalMs: 0,
      maxBatchSize: 1,
      maxQueueSize: 1,
      maxRetries: 0,
      initialRetryDelayMs: 0,
      maxRetryDelayMs: 0,
      exportTimeoutMs: 1,
    });
    makeClient({ maxBatchSize: null as unknown as number, maxRetries: undefined });
    expect(errors).toEqual([]);
  });

  // In-process cases use values that failed without hanging before the fix; NaN is covered above.
  it("uses the default maxBatchSize (100) for 0", async () => {
    const client = makeClient({ maxBatchSize: 0 });
    endSpans(client, 101);
    await collector.waitFor(() => collector.requests.length === 1);
    expect(batchSizes()).toEqual([100]);
    await client.flush();
    expect(batchSizes()).toEqual([100, 1]);
    expectReported("maxBatchSize 0");
  });

  it("uses the default maxQueueSize (10000) for a negative value", async () => {
    const gate = gatedFetch();
    const client = makeClient({ fetch: gate.fetch, maxQueueSize: -5 });
    endSpans(client, 10_003);
    const dropped = client.getDroppedSpanCount();
    gate.release();
    expect(dropped).toBe(3);
    await client.flush();
    expect(collector.spans()).toHaveLength(10_000);
    expect(errors.map((e) => e.kind)).toEqual(["invalid_options", "spans_dropped"]);
    expect(errors[0]?.message).toContain("maxQueueSize -5");
  });

  it("uses the default maxRetries (5) for a fraction", async () => {
    collector.reply(...Array.from({ length: 6 }, () => ({ status: 500 })));
    const client = makeClient({ maxRetries: 2.5 });
    endSpans(client, 1);
    await client.flush();
    expect(collector.requests).toHaveLength(6);
    expect(errors.map((e) => e.kind)).toEqual(["invalid_options", "export_failed"]);
    expect(errors[0]?.message).toContain("maxRetries 2.5");
    expect(errors[1]?.message).toContain("after 6 attempts");
  });

  it("uses the default initialRetryDelayMs (500) for a negative value", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    collector.reply({ status: 500 });
    const client = makeClient({ initialRetryDelayMs: -1 });
    endSpans(client, 1);
    await client.flush();
    expect(collector.requests).toHaveLength(2);
    expect(gapsBetweenRequests()[0]).toBeGreaterThanOrEqual(249);
    expectReported("initialRetryDelayMs -1");
  });

  it("uses the default maxRetryDelayMs (30000) for NaN, so Retry-After is honoured", async () => {
    collector.reply({ status: 429, headers: { "retry-after": "1" } });
    const client = makeClient({ maxRetryDelayMs: Number.NaN });
    endSpans(client, 1);
    await client.flush();
    expect(collector.requests).toHaveLength(2);
    expect(gapsBetweenRequests()[0]).toBeGreaterThanOrEqual(950);
    expectReported("maxRetryDelayMs NaN");
  });

  it("uses the default exportTimeoutMs (10000) for 0", async () => {
    collector.reply({ delayMs: 100 });
    const client = makeClient({ exportTimeoutMs: 0 });
    endSpans(client, 1);
    await client.flush();
    expect(collector.requests).toHaveLength(1);
    expect(client.getDroppedSpanCount()).toBe(0);
    expectReported("exportTimeoutMs 0");
  });

  it("uses the default flushIntervalMs (1000) for Infinity", async () => {
    const client = makeClient({ flushIntervalMs: Number.POSITIVE_INFINITY });
    endSpans(client, 1);
    await sleep(200);
    expect(collector.requests).toHaveLength(0);
    await client.flush();
    expect(collector.requests).toHaveLength(1);
    expectReported("flushIntervalMs Infinity");
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

  it("lets a traced call's unhandled rejection reach the process, as it would untraced", async () => {
    const sdk = new URL("../src/index.ts", import.meta.url).href;
    const code = `
      import { init, trace, shutdown } from ${JSON.stringify(sdk)};
      init({ apiKey: "k", baseUrl: ${JSON.stringify(collector.baseUrl)} });
      process.on("unhandledRejection", (e) => console.log("unhandled: " + e.message));
      const failing = trace(async (what) => { throw new Error(what); }, { name: "failing" });
      failing("forgotten");
      try { await failing("caught"); } catch (e) { console.log("caught: " + e.message); }
      await new Promise((r) => setTimeout(r, 50));
      await shutdown();
    `;
    const { exitCode, stdout } = await runNode(code, 20_000);
    expect(exitCode).toBe(0);
    expect(stdout.trim().split("\n").sort()).toEqual(["caught: caught", "unhandled: forgotten"]);
    expect(collector.spans().map((s) => [s.name, s.status.code])).toEqual([
      ["failing", 2],
      ["failing", 2],
    ]);
  });

  it("holds an exiting process for at most 5 s while an export keeps failing", async () => {
    collector.reply(...Array.from({ length: 10 }, () => ({ status: 503, headers: { "retry-after": "2" } })));
    const sdk = new URL("../src/index.ts", import.meta.url).href;
    const code = `
      import { init, startSpan } from ${JSON.stringify(sdk)};
      init({ apiKey: "k", baseUrl: ${JSON.stringify(collector.baseUrl)}, flushIntervalMs: 60000, maxRetries: 10,
        onError: (e) => console.log(e.kind + ": " + e.message) });
      startSpan({ name: "never-delivered" }).end();
    `;
    const started = Date.now();
    const { exitCode, stdout } = await runNode(code, 30_000);
    const took = Date.now() - started;
    expect(exitCode).toBe(0);
    // Ten retries 2 s apart would hold it for 20 s.
    expect(took).toBeLessThan(9_000);
    expect(collector.requests.length).toBeGreaterThanOrEqual(2);
    expect(stdout).toContain("1 spans were not delivered within 5000 ms");
  });
});
