import type { Attributes } from "../otlp/model";
import { first, num, present, real, record, str } from "./read";
import { type Convention, usageOf } from "./types";

/** `langfuse.observation.type` values, as Sightline's span types. */
const TYPES: Record<string, string> = {
  generation: "CHAT_MODEL",
  embedding: "EMBEDDING",
  agent: "AGENT",
  tool: "TOOL",
  chain: "CHAIN",
  retriever: "RETRIEVER",
  evaluator: "EVALUATOR",
  guardrail: "GUARDRAIL",
  span: "CHAIN",
  event: "UNKNOWN",
};

const O = "langfuse.observation.";

/**
 * Langfuse's SDK (v4+ exports OTLP): every observation says its type, model, usage, input and
 * output under `langfuse.observation.*`, and marks failures with level ERROR rather than the
 * span status.
 */
export const langfuse: Convention = {
  name: "langfuse",
  applies: (a) => a[`${O}type`] !== undefined || a["langfuse.session.id"] !== undefined,
  spanType: (a) => {
    const type = str(a[`${O}type`]);
    if (!type) return null;
    // Its OpenAI wrapper records embeddings as generations too; the model tells them apart.
    if (type === "generation" && /embed/i.test(str(a[`${O}model.name`]) ?? "")) return "EMBEDDING";
    return TYPES[type] ?? type.toUpperCase();
  },
  model: (a) => str(a[`${O}model.name`]),
  usage(a) {
    const u = record(a[`${O}usage_details`]);
    if (!u) return null;
    return usageOf(
      first(num(u.input), num(u.prompt_tokens)),
      first(num(u.output), num(u.completion_tokens)),
      {
        total: first(num(u.total), num(u.total_tokens)),
        cacheRead: first(num(u.input_cached_tokens), num(u.cache_read_input_tokens)),
      },
    );
  },
  costUsd: (a: Attributes) => {
    const total = real(record(a[`${O}cost_details`])?.total);
    return total !== null && total > 0 ? total : null;
  },
  inputs: (a) => present(a, `${O}input`),
  outputs: (a) => present(a, `${O}output`),
  sessionId: (a) => str(a["langfuse.session.id"]),
  userId: (a) => str(a["langfuse.user.id"]),
  failure: (a) => (str(a[`${O}level`]) === "ERROR" ? { message: str(a[`${O}status_message`]) } : null),
};
