import { Attr } from "../../sdk/src/types.ts";
import { type PromptRef, promptRefsOf } from "../prompts/trace-links";
import { TAG_KEY_MAX, TAG_VALUE_MAX } from "../traces/schemas";
import { mapSpan } from "./conventions";
import { first, str } from "./conventions/read";
import type { Attributes, RawSpan } from "./otlp/model";

/**
 * What the trace filters can ask for (traces/schemas.ts), so ingest keeps only what can be found
 * again: names, types, models, session and user ids are cut at TEXT_MAX characters; tag and
 * metadata keys must be 1–TAG_KEY_MAX characters without `=` (others stay in the span's
 * attributes, not in the trace's tags), values are cut at TAG_VALUE_MAX, and a span carries at
 * most KEYS_MAX tags and KEYS_MAX metadata keys.
 */
export const TEXT_MAX = 200;
export const KEYS_MAX = 50;

const cut = (value: string, max = TEXT_MAX) => (value.length > max ? value.slice(0, max) : value);
const cutOrNull = (value: string | null) => (value === null ? null : cut(value));

function filterable(entries: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  let kept = 0;
  for (const [key, value] of Object.entries(entries)) {
    if (kept === KEYS_MAX) break;
    if (key.length === 0 || key.length > TAG_KEY_MAX || key.includes("=")) continue;
    out[key] = cut(value, TAG_VALUE_MAX);
    kept++;
  }
  return out;
}

/**
 * One span as Sightline stores it, whatever convention the client wrote (conventions/: MLflow
 * and our SDK, Langfuse, OpenInference, the Vercel AI SDK, Traceloop, OpenTelemetry GenAI).
 * Every attribute is kept as it came.
 */
export type NormalisedSpan = {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  startUs: number;
  endUs: number;
  spanType: string;
  status: "OK" | "ERROR" | "UNSET";
  statusMessage: string | null;
  inputs: unknown;
  outputs: unknown;
  attributes: Attributes;
  events: RawSpan["events"];
  model: string | null;
  provider: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  /** A cost the client reported (Langfuse), used instead of the price table's. */
  reportedCostUsd: number | null;
  sessionId: string | null;
  userId: string | null;
  /**
   * The evaluation run the span's trace belongs to (`sightline.run_id`, which the SDK's evaluate()
   * sets on each record's root span): such traces stay out of the production rollups.
   */
  runId: string | null;
  tags: Record<string, string>;
  metadata: Record<string, string>;
  /** The prompt versions the span names (`sightline.prompt`, `mlflow.linkedPrompts`); null for most spans. */
  promptRefs: PromptRef[] | null;
};

const TOKEN_FIELDS = [
  "inputTokens",
  "outputTokens",
  "totalTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
] as const;

/**
 * Why a span's token counts cannot be stored, or null. They feed integer columns that are summed
 * and read as JavaScript numbers, so each must be a whole number in 0 … 2^53 − 1; a span that
 * claims more is rejected (partial success), not clamped into a false total.
 */
export function usageProblem(span: NormalisedSpan): string | null {
  for (const field of TOKEN_FIELDS) {
    const value = span[field];
    if (value !== null && !(Number.isSafeInteger(value) && value >= 0))
      return `span ${span.spanId} has ${field} ${value}, outside 0 … ${Number.MAX_SAFE_INTEGER}`;
  }
  return null;
}

export function normaliseSpan(raw: RawSpan): NormalisedSpan {
  const m = mapSpan(raw);
  const exception = raw.events.find((e) => e.name === "exception");
  const status = raw.statusCode === 2 ? "ERROR" : raw.statusCode === 1 ? "OK" : "UNSET";
  // A span is an error by its status, else by an exception event or a convention's failure mark
  // (Langfuse's level ERROR, GenAI's error.type), which some libraries set instead.
  const failed =
    status === "ERROR" || (status === "UNSET" && (exception !== undefined || m.failure !== null));
  return {
    traceId: raw.traceId,
    spanId: raw.spanId,
    parentSpanId: raw.parentSpanId,
    name: cut(raw.name),
    kind: raw.kind,
    startUs: raw.startUs,
    endUs: raw.endUs,
    spanType: cut(m.spanType),
    status: failed ? "ERROR" : status,
    statusMessage:
      raw.statusMessage ??
      (exception
        ? first(str(exception.attributes["exception.message"]), str(exception.attributes["exception.type"]))
        : null) ??
      m.failure?.message ??
      null,
    inputs: m.inputs,
    outputs: m.outputs,
    attributes: { ...prefixedResource(raw.resource), ...raw.attributes },
    events: raw.events,
    model: cutOrNull(m.model),
    provider: m.provider,
    inputTokens: m.usage?.input ?? null,
    outputTokens: m.usage?.output ?? null,
    totalTokens:
      m.usage?.total ??
      (m.usage && (m.usage.input !== null || m.usage.output !== null)
        ? (m.usage.input ?? 0) + (m.usage.output ?? 0)
        : null),
    cacheReadTokens: m.usage?.cacheRead ?? null,
    cacheWriteTokens: m.usage?.cacheWrite ?? null,
    reportedCostUsd: m.costUsd,
    sessionId: cutOrNull(m.sessionId),
    userId: cutOrNull(m.userId),
    runId: cutOrNull(str(raw.attributes[Attr.runId])),
    tags: filterable(m.tags),
    metadata: filterable(m.metadata),
    promptRefs: promptRefsOf(raw.attributes),
  };
}

/**
 * Resource attributes (service.name …) kept beside the span's own, under `resource.`. The
 * spans of one resource share its attributes object, so each is prefixed once.
 */
const resourceCache = new WeakMap<Attributes, Attributes>();
function prefixedResource(resource: Attributes): Attributes {
  let out = resourceCache.get(resource);
  if (!out) {
    out = {};
    for (const key in resource) out[`resource.${key}`] = resource[key] as Attributes[string];
    resourceCache.set(resource, out);
  }
  return out;
}
