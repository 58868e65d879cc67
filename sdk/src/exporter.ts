/**
 * Batches ended spans and posts them as OTLP/JSON. Batches are cut by size (maxBatchSize) and by
 * time (flushIntervalMs after the first queued span); a batch whose body would exceed
 * maxExportBytes goes as several requests (the server refuses bodies over its cap with 413, which
 * is never retried). Requests are sent one at a time, retried with exponential
 * backoff and jitter (honouring Retry-After on 429/503). Spans waiting or in flight are bounded by
 * maxQueueSize; beyond it new spans are dropped and counted. Nothing here throws: failures go to the
 * reporter. Only fetch, timers and AbortController are used, so it runs in Node and in Workers.
 */
import { type ErrorReporter, SightlineError } from "./errors.ts";
import { exportRequest, type OtlpKeyValue, type OtlpSpan } from "./otlp.ts";

export interface ExporterConfig {
  /** Full URL of the OTLP traces endpoint, e.g. https://…/v1/traces. */
  endpoint: string;
  apiKey: string;
  fetch: typeof fetch;
  resource: OtlpKeyValue[];
  maxBatchSize: number;
  /** Largest request body, in bytes (UTF-8); a span alone above it is dropped and reported. */
  maxExportBytes: number;
  maxQueueSize: number;
  flushIntervalMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  initialRetryDelayMs: number;
  /** Cap on one backoff delay, Retry-After included. */
  maxRetryDelayMs: number;
  exportTimeoutMs: number;
  report: ErrorReporter;
}

type Timer = ReturnType<typeof setTimeout>;

const encoder = new TextEncoder();
const utf8Length = (text: string) => encoder.encode(text).byteLength;

/** Node timers have unref/ref; elsewhere (Workers, browsers) they are numbers and this is a no-op. */
function setTimerRef(timer: Timer, ref: boolean): void {
  const handle = timer as unknown as { ref?: () => void; unref?: () => void } | null;
  if (handle && typeof handle === "object") (ref ? handle.ref : handle.unref)?.call(handle);
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or invalid. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

type Outcome =
  | { ok: true; body: string }
  | {
      ok: false;
      retryable: boolean;
      status?: number;
      retryAfterMs?: number;
      detail: string;
      cause?: unknown;
    };

export class BatchExporter {
  #config: ExporterConfig;
  #queue: OtlpSpan[] = [];
  /** Spans queued or in a batch not yet settled: what maxQueueSize bounds. */
  #pending = 0;
  #dropped = 0;
  #dropping = false;
  #chain: Promise<void> = Promise.resolve();
  #timer: Timer | undefined;
  #sleeps = new Set<Timer>();
  /** While someone awaits flush(), retry sleeps keep a Node process alive. */
  #flushing = 0;
  #closed = false;
  #exitDeadlinePassed = false;

  constructor(config: ExporterConfig) {
    this.#config = config;
  }

  get droppedSpans(): number {
    return this.#dropped;
  }

  enqueue(span: OtlpSpan): void {
    if (this.#closed || this.#pending >= this.#config.maxQueueSize) {
      this.#drop(
        1,
        this.#closed ? "the client is shut down" : `the queue is full (${this.#config.maxQueueSize} spans)`,
      );
      return;
    }
    this.#dropping = false;
    this.#queue.push(span);
    this.#pending++;
    if (this.#queue.length >= this.#config.maxBatchSize) this.#cut(false);
    else this.#arm();
  }

  /** Sends every span queued so far; resolves when they are delivered or dropped. Never rejects. */
  async flush(): Promise<void> {
    this.#flushing++;
    for (const sleep of this.#sleeps) setTimerRef(sleep, true);
    try {
      this.#cut(true);
      await this.#chain;
    } finally {
      this.#flushing--;
    }
  }

  /**
   * The flush of a Node process about to exit: like flush(), but it keeps the process alive for
   * at most `deadlineMs`. Then retries still waiting no longer hold the process, the spans not yet
   * delivered are reported, and later exit flushes return at once.
   */
  async flushBeforeExit(deadlineMs: number): Promise<void> {
    if (this.#exitDeadlinePassed) return;
    let timer: Timer | undefined;
    const deadline = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), deadlineMs);
    });
    this.#flushing++;
    for (const sleep of this.#sleeps) setTimerRef(sleep, true);
    try {
      this.#cut(true);
      if ((await Promise.race([this.#chain.then(() => "done" as const), deadline])) === "late") {
        this.#exitDeadlinePassed = true;
        this.#config.report(
          new SightlineError(
            "export_failed",
            `the process is exiting: ${this.#pending} spans were not delivered within ${deadlineMs} ms`,
            { droppedSpans: this.#pending },
          ),
        );
      }
    } finally {
      clearTimeout(timer);
      this.#flushing--;
      if (this.#flushing === 0) for (const sleep of this.#sleeps) setTimerRef(sleep, false);
    }
  }

  /** Flushes, then drops any span ended afterwards. */
  async shutdown(): Promise<void> {
    await this.flush();
    this.#closed = true;
    await this.flush();
  }

  #drop(count: number, reason: string): void {
    this.#dropped += count;
    // One report per episode of dropping, not one per span.
    if (this.#dropping) return;
    this.#dropping = true;
    this.#config.report(
      new SightlineError("spans_dropped", `spans dropped: ${reason} (${this.#dropped} dropped so far)`, {
        droppedSpans: count,
      }),
    );
  }

  /** Moves full batches (or, with `all`, everything) from the queue onto the send chain. */
  #cut(all: boolean): void {
    const { maxBatchSize } = this.#config;
    while (this.#queue.length >= maxBatchSize || (all && this.#queue.length > 0)) {
      const batch = this.#queue.splice(0, maxBatchSize);
      this.#chain = this.#chain.then(() => this.#send(batch));
    }
    if (this.#queue.length === 0 && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    } else {
      this.#arm();
    }
  }

  #arm(): void {
    if (this.#timer !== undefined || this.#queue.length === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#cut(true);
    }, this.#config.flushIntervalMs);
    setTimerRef(this.#timer, false);
  }

  async #send(batch: OtlpSpan[]): Promise<void> {
    try {
      for (const part of this.#requests(batch)) await this.#deliver(part.spans, part.body);
    } catch (error) {
      this.#dropped += batch.length;
      this.#config.report(
        new SightlineError("internal", "exporting spans failed unexpectedly", { cause: error }),
      );
    } finally {
      this.#pending -= batch.length;
    }
  }

  /** The batch as request bodies within maxExportBytes, halving it as often as needed. */
  #requests(batch: OtlpSpan[]): { spans: OtlpSpan[]; body: string }[] {
    const { maxExportBytes, resource, report } = this.#config;
    const body = JSON.stringify(exportRequest(resource, batch));
    // UTF-8 takes at most 3 bytes per UTF-16 unit: most bodies need no exact count.
    if (body.length * 3 <= maxExportBytes || utf8Length(body) <= maxExportBytes)
      return [{ spans: batch, body }];
    if (batch.length === 1) {
      this.#dropped += 1;
      report(
        new SightlineError(
          "export_rejected",
          `a span of ${utf8Length(body)} bytes is larger than maxExportBytes (${maxExportBytes}): dropped`,
          { droppedSpans: 1 },
        ),
      );
      return [];
    }
    const half = Math.ceil(batch.length / 2);
    return [...this.#requests(batch.slice(0, half)), ...this.#requests(batch.slice(half))];
  }

  async #deliver(batch: OtlpSpan[], body: string): Promise<void> {
    const { maxRetries, report } = this.#config;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#post(body);
      if (outcome.ok) {
        this.#checkPartialSuccess(outcome.body);
        return;
      }
      if (!outcome.retryable || attempt >= maxRetries) {
        this.#dropped += batch.length;
        const kind = outcome.retryable ? "export_failed" : "export_rejected";
        const tries = outcome.retryable ? ` after ${attempt + 1} attempts` : "";
        report(
          new SightlineError(kind, `exporting ${batch.length} spans failed${tries}: ${outcome.detail}`, {
            status: outcome.status,
            droppedSpans: batch.length,
            cause: outcome.cause,
          }),
        );
        return;
      }
      await this.#sleep(outcome.retryAfterMs ?? this.#backoff(attempt));
    }
  }

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  #backoff(attempt: number): number {
    const { initialRetryDelayMs, maxRetryDelayMs } = this.#config;
    const base = Math.min(maxRetryDelayMs, initialRetryDelayMs * 2 ** attempt);
    return base / 2 + (Math.random() * base) / 2;
  }

  #sleep(ms: number): Promise<void> {
    const delay = Math.min(ms, this.#config.maxRetryDelayMs);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#sleeps.delete(timer);
        resolve();
      }, delay);
      this.#sleeps.add(timer);
      if (this.#flushing === 0) setTimerRef(timer, false);
    });
  }

  async #post(body: string): Promise<Outcome> {
    const { endpoint, apiKey, exportTimeoutMs } = this.#config;
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), exportTimeoutMs);
    setTimerRef(timeout, false);
    try {
      const response = await this.#config.fetch(endpoint, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body,
        signal: controller.signal,
      });
      const text = await response.text().catch(() => "");
      if (response.ok) return { ok: true, body: text };
      const status = response.status;
      const retryAfterMs =
        status === 429 || status === 503 ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
      return {
        ok: false,
        retryable: status === 408 || status === 429 || status >= 500,
        status,
        retryAfterMs,
        detail: `HTTP ${status}${text ? ` ${text.slice(0, 300)}` : ""}`,
      };
    } catch (error) {
      const detail = controller.signal.aborted
        ? `no answer within ${exportTimeoutMs} ms`
        : error instanceof Error
          ? error.message
          : String(error);
      return { ok: false, retryable: true, detail, cause: error };
    } finally {
      clearTimeout(timeout);
    }
  }

  #checkPartialSuccess(body: string): void {
    if (!body) return;
    try {
      const parsed = JSON.parse(body) as {
        partialSuccess?: { rejectedSpans?: string | number; errorMessage?: string };
      };
      const rejected = Number(parsed.partialSuccess?.rejectedSpans ?? 0);
      const message = parsed.partialSuccess?.errorMessage;
      if (rejected > 0 || message) {
        this.#dropped += rejected;
        this.#config.report(
          new SightlineError(
            "partial_success",
            `the server rejected ${rejected} spans: ${message ?? "no reason given"}`,
            {
              droppedSpans: rejected,
            },
          ),
        );
      }
    } catch {
      // A success body that is not JSON carries no partial-success report.
    }
  }
}
