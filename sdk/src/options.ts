/** What init() and `new SightlineClient()` accept, and how the numeric options are checked. */
import type { AsyncLocalStorageLike } from "./context.ts";
import type { SightlineError } from "./errors.ts";
import { toJson } from "./serialize.ts";

export interface InitOptions {
  /**
   * A Sightline project API key with the `ingest` scope (which also allows logging feedback and
   * expectations; reading them back with getAssessments() needs `read` or `write`).
   */
  apiKey: string;
  /** Where Sightline runs, e.g. https://sightline.example.com; spans go to `{baseUrl}/v1/traces`. */
  baseUrl: string;
  /**
   * The key's project, for the API calls (logFeedback, getAssessments, …). Default: asked once
   * from `GET {baseUrl}/api/v1/whoami` at the first such call, since a key belongs to one project.
   */
  projectId?: string;
  /** The `service.name` resource attribute. Default "unknown_service". */
  serviceName?: string;
  /** More resource attributes (deployment.environment, service.version, …). */
  resourceAttributes?: Record<string, string | number | boolean>;
  /** A batch is sent at most this long after its first span ended. Default 1000. */
  flushIntervalMs?: number;
  /** A batch is sent as soon as it has this many spans. Default 100. */
  maxBatchSize?: number;
  /**
   * Largest request body in bytes; bigger batches go as several requests. Keep it under the
   * server's cap (5 MiB). A single span above it is dropped and reported. Default 4 MiB.
   */
  maxExportBytes?: number;
  /** Spans waiting or in flight beyond this are dropped and counted. Default 10 000. */
  maxQueueSize?: number;
  /** Retries of a failed export (5xx, 408, 429, network errors). Default 5. */
  maxRetries?: number;
  /** First backoff delay; doubles per retry, with jitter. Default 500. */
  initialRetryDelayMs?: number;
  /** Cap on one retry delay, Retry-After included. Default 30 000. */
  maxRetryDelayMs?: number;
  /** One export request is abandoned (and retried) after this long. Default 10 000. */
  exportTimeoutMs?: number;
  /**
   * An API call (logFeedback, getAssessments, …) that gets no answer in this time rejects. Never
   * retried: a resent feedback whose first request did arrive would be stored twice. Default 10 000.
   */
  requestTimeoutMs?: number;
  /**
   * How long a prompt fetched through an alias or `latest` is served without asking the registry;
   * after that it still answers at once while one background request revalidates it. Numbered
   * versions are kept for the client's life. Default 60 000.
   */
  promptCacheTtlMs?: number;
  /**
   * Workers: where background prompt refreshes go (`ctx.waitUntil.bind(ctx)`) when the client is
   * made per request; a client kept across requests passes `waitUntil` to each prompts.get().
   */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** The fetch to export and call the API with. Default globalThis.fetch. */
  fetch?: typeof fetch;
  /** Receives every export failure and dropped span report. Default: one console.warn per kind. */
  onError?: (error: SightlineError) => void;
  /** An AsyncLocalStorage instance, for runtimes where the SDK cannot find one itself. */
  asyncLocalStorage?: AsyncLocalStorageLike<unknown>;
}

/** Longest delay timers honour: Node fires larger ones at once (with a TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2_147_483_647;

interface NumericRule {
  fallback: number;
  min: number;
  max?: number;
  integer?: boolean;
}

/** The numeric options, with their defaults and the values they accept. */
const NUMERIC_OPTIONS = {
  flushIntervalMs: { fallback: 1000, min: 0, max: MAX_TIMER_MS },
  maxBatchSize: { fallback: 100, min: 1, integer: true },
  maxExportBytes: { fallback: 4 * 1024 * 1024, min: 1024, integer: true },
  maxQueueSize: { fallback: 10_000, min: 1, integer: true },
  maxRetries: { fallback: 5, min: 0, integer: true },
  initialRetryDelayMs: { fallback: 500, min: 0, max: MAX_TIMER_MS },
  maxRetryDelayMs: { fallback: 30_000, min: 0, max: MAX_TIMER_MS },
  exportTimeoutMs: { fallback: 10_000, min: 1, max: MAX_TIMER_MS },
  requestTimeoutMs: { fallback: 10_000, min: 1, max: MAX_TIMER_MS },
  promptCacheTtlMs: { fallback: 60_000, min: 0, max: MAX_TIMER_MS },
} satisfies Record<string, NumericRule>;

type NumericOption = keyof typeof NUMERIC_OPTIONS;

/**
 * Every numeric option, checked once: absent ones get their default, unusable ones (not a number,
 * NaN, ±Infinity, out of range, a fraction where a count is meant) get their default too and are
 * listed in `problems`.
 */
export function numericOptions(options: InitOptions): {
  values: Record<NumericOption, number>;
  problems: string[];
} {
  const values = {} as Record<NumericOption, number>;
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(NUMERIC_OPTIONS) as [NumericOption, NumericRule][]) {
    const value: unknown = options[name];
    const usable =
      typeof value === "number" &&
      Number.isFinite(value) &&
      value >= rule.min &&
      (rule.max === undefined || value <= rule.max) &&
      (!rule.integer || Number.isInteger(value));
    values[name] = usable ? value : rule.fallback;
    if (usable || value === undefined || value === null) continue;
    const shown = typeof value === "number" ? String(value) : toJson(value);
    const range = `${rule.integer ? "an integer" : "a number"} of at least ${rule.min}${
      rule.max === undefined ? "" : ` and at most ${rule.max}`
    }`;
    problems.push(`${name} ${shown} (needs ${range}; using ${rule.fallback})`);
  }
  return { values, problems };
}

export function runtimeName(): string {
  const g = globalThis as { process?: { versions?: { node?: string } }; navigator?: { userAgent?: string } };
  if (g.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  return g.process?.versions?.node ? "nodejs" : "webjs";
}

export function validUrl(url: unknown): boolean {
  try {
    return typeof url === "string" && /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}
