import type { Attributes, RawSpan } from "../otlp/model";

/** Token counts as a convention reports them; null where it says nothing. */
export type Usage = {
  input: number | null;
  output: number | null;
  total: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
};

/** A failure a convention reports beside (or instead of) the OTLP status. */
export type Failure = { message: string | null };

/**
 * One attribute convention (MLflow, OpenInference, OpenTelemetry GenAI, the Vercel AI SDK,
 * Traceloop, Langfuse): how its spans say each thing Sightline reads. `applies` is a few key
 * lookups; each reader looks up fixed keys (no pattern matching per attribute) and answers null
 * (or undefined, for inputs and outputs) when the span does not say. conventions/index.ts walks
 * them in precedence order, field by field.
 */
export type Convention = {
  name: string;
  applies(a: Attributes): boolean;
  spanType?(a: Attributes): string | null;
  model?(a: Attributes): string | null;
  provider?(a: Attributes): string | null;
  /** Only where the tokens were spent: a wrapper repeating its children's usage answers null. */
  usage?(a: Attributes): Usage | null;
  /** A cost the client reported (USD), used instead of the price table's when positive. */
  costUsd?(a: Attributes): number | null;
  inputs?(a: Attributes, span: RawSpan): unknown;
  outputs?(a: Attributes, span: RawSpan): unknown;
  sessionId?(a: Attributes): string | null;
  userId?(a: Attributes): string | null;
  failure?(a: Attributes): Failure | null;
  metadata?(a: Attributes): Record<string, string>;
};

export function usageOf(
  input: number | null,
  output: number | null,
  more: Partial<Usage> = {},
): Usage | null {
  const u: Usage = {
    input,
    output,
    total: more.total ?? null,
    cacheRead: more.cacheRead ?? null,
    cacheWrite: more.cacheWrite ?? null,
  };
  return Object.values(u).some((v) => v !== null) ? u : null;
}
