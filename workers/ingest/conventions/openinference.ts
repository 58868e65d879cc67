import type { Attributes } from "../otlp/model";
import { flattenedMessages } from "./messages";
import { first, num, present, record, str, unquote } from "./read";
import { type Convention, usageOf } from "./types";

/** OpenInference span kinds, as Sightline's span types. */
const KINDS: Record<string, string> = {
  LLM: "LLM",
  CHAIN: "CHAIN",
  TOOL: "TOOL",
  RETRIEVER: "RETRIEVER",
  EMBEDDING: "EMBEDDING",
  AGENT: "AGENT",
  RERANKER: "RERANKER",
  GUARDRAIL: "GUARDRAIL",
  EVALUATOR: "EVALUATOR",
  PROMPT: "CHAIN",
};

const kindOf = (a: Attributes) => str(a["openinference.span.kind"])?.toUpperCase() ?? null;

/** `embedding.embeddings.N.embedding.text` as the list of texts embedded (vectors stay in the attributes). */
function embeddedTexts(a: Attributes): string[] | undefined {
  const texts: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = a[`embedding.embeddings.${i}.embedding.text`];
    if (t === undefined) break;
    if (typeof t === "string") texts.push(t);
  }
  return texts.length > 0 ? texts : undefined;
}

/** `retrieval.documents.N.document.*` as documents. */
function documents(a: Attributes): { id: string | null; content: unknown; score: unknown }[] | undefined {
  const docs = [];
  for (let i = 0; i < 1000; i++) {
    const d = `retrieval.documents.${i}.document`;
    const content = a[`${d}.content`];
    const id = a[`${d}.id`];
    if (content === undefined && id === undefined) break;
    docs.push({ id: str(id), content: content ?? null, score: a[`${d}.score`] ?? null });
  }
  return docs.length > 0 ? docs : undefined;
}

/**
 * A LangChain object serialised whole (`{"lc":1,"type":"constructor","id":[…,"ToolMessage"],
 * "kwargs":{content,…}}`, possibly under `output`) as what it carries: a tool message's content.
 */
function langChainContent(value: unknown): unknown {
  const v = isRecord(value) && isRecord(value.output) && value.output.lc === 1 ? value.output : value;
  if (!isRecord(v) || v.lc !== 1 || !isRecord(v.kwargs) || !Array.isArray(v.id)) return value;
  if (v.id.at(-1) !== "ToolMessage") return value;
  const content = v.kwargs.content;
  return typeof content === "string" ? (unquote(content) ?? content) : (content ?? value);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * OpenInference (Arize Phoenix's conventions; LangChain, LlamaIndex, OpenAI instrumentations).
 * For LLM spans the flattened messages win over `input.value` / `output.value`, which often hold
 * a serialised framework object rather than the conversation.
 */
export const openInference: Convention = {
  name: "openinference",
  applies: (a) =>
    a["openinference.span.kind"] !== undefined ||
    a["llm.model_name"] !== undefined ||
    a["input.value"] !== undefined ||
    a["output.value"] !== undefined,
  spanType: (a) => {
    const kind = kindOf(a);
    return kind === null ? null : (KINDS[kind] ?? kind);
  },
  model: (a) => first(str(a["llm.model_name"]), str(a["embedding.model_name"])),
  provider: (a) => first(str(a["llm.provider"]), str(a["llm.system"])),
  usage: (a) =>
    usageOf(num(a["llm.token_count.prompt"]), num(a["llm.token_count.completion"]), {
      total: num(a["llm.token_count.total"]),
      cacheRead: num(a["llm.token_count.prompt_details.cache_read"]),
      cacheWrite: num(a["llm.token_count.prompt_details.cache_write"]),
    }),
  inputs: (a) =>
    flattenedMessages(a, "llm.input_messages") ??
    (kindOf(a) === "EMBEDDING" ? embeddedTexts(a) : undefined) ??
    present(a, "input.value"),
  outputs: (a) =>
    flattenedMessages(a, "llm.output_messages") ??
    (kindOf(a) === "RETRIEVER" ? documents(a) : undefined) ??
    (kindOf(a) === "TOOL" ? langChainContent(present(a, "output.value")) : present(a, "output.value")),
  sessionId: (a) => str(a["session.id"]),
  userId: (a) => str(a["user.id"]),
  metadata(a) {
    const meta = record(a.metadata);
    if (!meta) return {};
    return Object.fromEntries(
      Object.entries(meta).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
  },
};
