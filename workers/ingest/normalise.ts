// The attribute keys our SDK writes, from the SDK itself: one definition of our side of the wire.
import { Attr } from "../../sdk/src/types.ts";
import { parseJsonInput } from "../lib/json-input";
import { TAG_KEY_MAX, TAG_VALUE_MAX } from "../traces/schemas";
import type { Attributes, AttrValue, RawSpan } from "./otlp/model";

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
 * Turns what real clients send (MLflow, OpenInference, OpenTelemetry GenAI conventions,
 * OpenLLMetry, the Sightline SDK) into one span model. Unknown attributes are kept as they are.
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
  sessionId: string | null;
  userId: string | null;
  tags: Record<string, string>;
  metadata: Record<string, string>;
};

const OPENINFERENCE_KINDS: Record<string, string> = {
  LLM: "LLM",
  CHAIN: "CHAIN",
  TOOL: "TOOL",
  RETRIEVER: "RETRIEVER",
  EMBEDDING: "EMBEDDING",
  AGENT: "AGENT",
  RERANKER: "RERANKER",
  GUARDRAIL: "GUARDRAIL",
  EVALUATOR: "EVALUATOR",
};

const GENAI_OPERATIONS: Record<string, string> = {
  chat: "CHAT_MODEL",
  generate_content: "CHAT_MODEL",
  text_completion: "LLM",
  embeddings: "EMBEDDING",
  execute_tool: "TOOL",
  invoke_agent: "AGENT",
  create_agent: "AGENT",
};

/** MLflow writes attribute values JSON-encoded ("\"LLM\""); undo that where it applies. */
function unquote(value: AttrValue | undefined): AttrValue | undefined {
  if (typeof value !== "string") return value;
  const t = value.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || t.startsWith("{") || t.startsWith("[")) {
    // Client JSON inside a string: through the same boundary as a body (depth, lone surrogates).
    try {
      return parseJsonInput(t).value as AttrValue;
    } catch {
      return value;
    }
  }
  return value;
}

function str(value: AttrValue | undefined): string | null {
  const v = unquote(value);
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v === "" ? null : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

function num(value: AttrValue | undefined): number | null {
  const v = unquote(value);
  if (typeof v === "number" && Number.isFinite(v)) return Math.round(v);
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  return null;
}

function first<T>(...values: (T | null)[]): T | null {
  for (const v of values) if (v !== null) return v;
  return null;
}

function spanTypeOf(a: Attributes): string {
  const mlflow = str(a[Attr.spanType]);
  if (mlflow) return mlflow;
  const oi = str(a["openinference.span.kind"]);
  if (oi) return OPENINFERENCE_KINDS[oi.toUpperCase()] ?? oi.toUpperCase();
  const op = str(a["gen_ai.operation.name"]);
  if (op) return GENAI_OPERATIONS[op] ?? "UNKNOWN";
  const legacy = str(a["llm.request.type"]); // OpenLLMetry
  if (legacy === "chat") return "CHAT_MODEL";
  if (legacy === "completion") return "LLM";
  if (legacy === "embedding") return "EMBEDDING";
  return "UNKNOWN";
}

/** OpenLLMetry's flattened `gen_ai.prompt.0.role` / `.content` lists, as messages. */
function indexedMessages(a: Attributes, prefix: string): { role: string; content: unknown }[] | null {
  const out: { role: string; content: unknown }[] = [];
  for (let i = 0; i < 1000; i++) {
    const role = str(a[`${prefix}.${i}.role`]);
    const content = a[`${prefix}.${i}.content`];
    if (role === null && content === undefined) break;
    out.push({ role: role ?? "user", content: unquote(content) ?? null });
  }
  return out.length > 0 ? out : null;
}

/** GenAI semantic-convention events (gen_ai.user.message, gen_ai.choice …) as messages. */
function eventMessages(events: RawSpan["events"], output: boolean): unknown[] | null {
  const picked = events.filter((e) =>
    output ? e.name === "gen_ai.choice" : /^gen_ai\.(system|user|assistant|tool)\.message$/.test(e.name),
  );
  if (picked.length === 0) return null;
  return picked.map((e) => {
    const role = e.name.split(".")[1] ?? "assistant";
    const body = unquote(
      e.attributes["gen_ai.event.content"] ?? e.attributes.content ?? e.attributes.message,
    );
    return output ? (body ?? e.attributes) : { role, content: body ?? null };
  });
}

function inputsOf(a: Attributes, events: RawSpan["events"]): unknown {
  if (a[Attr.spanInputs] !== undefined) return unquote(a[Attr.spanInputs]);
  if (a["input.value"] !== undefined) return unquote(a["input.value"]);
  if (a["gen_ai.input.messages"] !== undefined) return unquote(a["gen_ai.input.messages"]);
  return indexedMessages(a, "gen_ai.prompt") ?? eventMessages(events, false) ?? null;
}

function outputsOf(a: Attributes, events: RawSpan["events"]): unknown {
  if (a[Attr.spanOutputs] !== undefined) return unquote(a[Attr.spanOutputs]);
  if (a["output.value"] !== undefined) return unquote(a["output.value"]);
  if (a["gen_ai.output.messages"] !== undefined) return unquote(a["gen_ai.output.messages"]);
  return indexedMessages(a, "gen_ai.completion") ?? eventMessages(events, true) ?? null;
}

function prefixed(a: Attributes, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(a)) {
    if (!key.startsWith(prefix)) continue;
    const v = str(value);
    if (v !== null) out[key.slice(prefix.length)] = v;
  }
  return out;
}

/** OpenInference `metadata` is a JSON object string; `tag.tags` a list of labels. */
function openInferenceMetadata(a: Attributes): Record<string, string> {
  const meta = unquote(a.metadata);
  if (!meta || typeof meta !== "object" || Array.isArray(meta)) return {};
  return Object.fromEntries(
    Object.entries(meta).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

function tokenUsage(a: Attributes) {
  const mlflow = unquote(a["mlflow.chat.tokenUsage"]);
  const m = mlflow && typeof mlflow === "object" && !Array.isArray(mlflow) ? mlflow : {};
  const input = first(
    num(a["gen_ai.usage.input_tokens"]),
    num(a["gen_ai.usage.prompt_tokens"]),
    num(a["llm.token_count.prompt"]),
    num(m.input_tokens),
  );
  const output = first(
    num(a["gen_ai.usage.output_tokens"]),
    num(a["gen_ai.usage.completion_tokens"]),
    num(a["llm.token_count.completion"]),
    num(m.output_tokens),
  );
  const total = first(num(a["llm.token_count.total"]), num(a["llm.usage.total_tokens"]), num(m.total_tokens));
  return {
    inputTokens: input,
    outputTokens: output,
    totalTokens: total ?? (input !== null || output !== null ? (input ?? 0) + (output ?? 0) : null),
    cacheReadTokens: first(
      num(a["gen_ai.usage.cache_read_input_tokens"]),
      num(a["gen_ai.usage.cache_read.input_tokens"]),
      num(a["llm.token_count.prompt_details.cache_read"]),
      num(m.cache_read_input_tokens),
    ),
    cacheWriteTokens: first(
      num(a["gen_ai.usage.cache_creation_input_tokens"]),
      num(a["gen_ai.usage.cache_creation.input_tokens"]),
      num(a["llm.token_count.prompt_details.cache_write"]),
      num(m.cache_creation_input_tokens),
    ),
  };
}

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
  const a = raw.attributes;
  const r = raw.resource;
  const hasException = raw.events.some((e) => e.name === "exception");
  const status = raw.statusCode === 2 ? "ERROR" : raw.statusCode === 1 ? "OK" : "UNSET";
  const exception = raw.events.find((e) => e.name === "exception");
  return {
    traceId: raw.traceId,
    spanId: raw.spanId,
    parentSpanId: raw.parentSpanId,
    name: cut(raw.name),
    kind: raw.kind,
    startUs: raw.startUs,
    endUs: raw.endUs,
    spanType: cut(spanTypeOf(a)),
    status: status === "UNSET" && hasException ? "ERROR" : status,
    statusMessage:
      raw.statusMessage ??
      (exception
        ? first(str(exception.attributes["exception.message"]), str(exception.attributes["exception.type"]))
        : null),
    inputs: inputsOf(a, raw.events),
    outputs: outputsOf(a, raw.events),
    attributes: { ...prefixedResource(r), ...a },
    events: raw.events,
    model: cutOrNull(
      first(
        str(a["gen_ai.response.model"]),
        str(a["gen_ai.request.model"]),
        str(a["llm.model_name"]),
        str(a["mlflow.llm.model"]),
      ),
    ),
    provider: first(
      str(a["gen_ai.provider.name"]),
      str(a["gen_ai.system"]),
      str(a["llm.provider"]),
      str(a["llm.system"]),
    ),
    ...tokenUsage(a),
    sessionId: cutOrNull(
      first(str(a[Attr.sessionId]), str(a["gen_ai.conversation.id"]), str(a["mlflow.trace.session"])),
    ),
    userId: cutOrNull(first(str(a[Attr.userId]), str(a["mlflow.trace.user"]), str(a["enduser.id"]))),
    tags: filterable(prefixed(a, Attr.tagPrefix)),
    metadata: filterable({ ...openInferenceMetadata(a), ...prefixed(a, Attr.metadataPrefix) }),
  };
}

/** Resource attributes (service.name …) kept beside the span's own, under `resource.`. */
function prefixedResource(resource: Attributes): Attributes {
  return Object.fromEntries(Object.entries(resource).map(([k, v]) => [`resource.${k}`, v]));
}
