/** What an OpenAI call writes on its span: OTel GenAI attributes, inputs and outputs. */
import type { Span } from "../span.ts";

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null;

const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

export function requestAttributes(operation: "chat" | "embeddings", body: Json): Record<string, unknown> {
  const stop = typeof body.stop === "string" ? [body.stop] : body.stop;
  return {
    "gen_ai.system": "openai",
    "gen_ai.operation.name": operation,
    "gen_ai.request.model": body.model,
    "gen_ai.request.temperature": num(body.temperature),
    "gen_ai.request.top_p": num(body.top_p),
    "gen_ai.request.max_tokens": num(body.max_tokens ?? body.max_completion_tokens ?? body.max_output_tokens),
    "gen_ai.request.frequency_penalty": num(body.frequency_penalty),
    "gen_ai.request.presence_penalty": num(body.presence_penalty),
    "gen_ai.request.seed": num(body.seed),
    "gen_ai.request.choice.count": num(body.n),
    "gen_ai.request.stop_sequences": Array.isArray(stop) ? stop : undefined,
    "gen_ai.request.encoding_formats":
      typeof body.encoding_format === "string" ? [body.encoding_format] : undefined,
    "gen_ai.embeddings.dimension.count": num(body.dimensions),
  };
}

/** Chat (prompt/completion) and Responses (input/output) usage alike. */
export function recordUsage(span: Span, usage: unknown): void {
  if (!isObject(usage)) return;
  const inputDetails = usage.prompt_tokens_details ?? usage.input_tokens_details;
  span.setAttributes({
    "gen_ai.usage.input_tokens": num(usage.prompt_tokens ?? usage.input_tokens),
    "gen_ai.usage.output_tokens": num(usage.completion_tokens ?? usage.output_tokens),
    "gen_ai.usage.cache_read.input_tokens": isObject(inputDetails)
      ? num(inputDetails.cached_tokens)
      : undefined,
  });
}

function recordResponseIdentity(span: Span, response: Json): void {
  span.setAttributes({ "gen_ai.response.model": response.model, "gen_ai.response.id": response.id });
}

export function recordChatCompletion(span: Span, completion: unknown): void {
  if (!isObject(completion)) return void span.setOutputs(completion);
  span.setOutputs(completion);
  recordResponseIdentity(span, completion);
  const choices = Array.isArray(completion.choices) ? completion.choices : [];
  const reasons = choices
    .map((c) => (isObject(c) ? c.finish_reason : undefined))
    .filter((r) => typeof r === "string");
  if (reasons.length > 0) span.setAttribute("gen_ai.response.finish_reasons", reasons);
  recordUsage(span, completion.usage);
}

export function recordResponse(span: Span, response: unknown): void {
  if (!isObject(response)) return void span.setOutputs(response);
  span.setOutputs(response);
  recordResponseIdentity(span, response);
  recordUsage(span, response.usage);
}

/** Vectors are summarised by their dimension count: full vectors would dwarf everything else in a trace. */
export function recordEmbeddings(span: Span, response: unknown): void {
  if (!isObject(response)) return void span.setOutputs(response);
  const data = Array.isArray(response.data) ? response.data : [];
  span.setOutputs({
    object: response.object,
    model: response.model,
    data: data.map((d) => {
      const embedding = isObject(d) ? d.embedding : undefined;
      const dimensions =
        typeof embedding === "string" ? undefined : (embedding as ArrayLike<number> | undefined)?.length;
      return { index: isObject(d) ? d.index : undefined, dimensions };
    }),
    usage: response.usage,
  });
  span.setAttribute("gen_ai.response.model", response.model);
  recordUsage(span, response.usage);
}
