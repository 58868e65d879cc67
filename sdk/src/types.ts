/** MLflow span types. Any other string is accepted as a custom type. */
export const SpanType = {
  LLM: "LLM",
  CHAT_MODEL: "CHAT_MODEL",
  CHAIN: "CHAIN",
  AGENT: "AGENT",
  TOOL: "TOOL",
  RETRIEVER: "RETRIEVER",
  EMBEDDING: "EMBEDDING",
  RERANKER: "RERANKER",
  PARSER: "PARSER",
  MEMORY: "MEMORY",
  GUARDRAIL: "GUARDRAIL",
  EVALUATOR: "EVALUATOR",
  WORKFLOW: "WORKFLOW",
  TASK: "TASK",
  UNKNOWN: "UNKNOWN",
} as const;

/** A known span type, or a custom string (the `string & {}` keeps editor completion for the known ones). */
export type SpanTypeName = (typeof SpanType)[keyof typeof SpanType] | (string & {});

/** OTLP status codes. */
export const SpanStatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export type SpanStatusCodeValue = (typeof SpanStatusCode)[keyof typeof SpanStatusCode];
export type SpanStatusName = keyof typeof SpanStatusCode;

export interface SpanStatus {
  code: SpanStatusCodeValue;
  message?: string;
}

/** Identifies a span, possibly one from another process (for explicit parenting). */
export interface SpanContext {
  /** 32 lower-case hex characters. */
  traceId: string;
  /** 16 lower-case hex characters. */
  spanId: string;
}

/** What an attribute holds once normalised: objects and mixed arrays are stored as JSON text. */
export type AttributeValue = string | number | boolean | bigint | Array<string | number | boolean>;

/** The attribute keys this SDK writes. */
export const Attr = {
  spanType: "mlflow.spanType",
  spanInputs: "mlflow.spanInputs",
  spanOutputs: "mlflow.spanOutputs",
  sessionId: "session.id",
  userId: "user.id",
  tagPrefix: "sightline.tag.",
  metadataPrefix: "sightline.metadata.",
  /** On the trace of each record evaluate() runs: the run it belongs to, and the record. */
  runId: "sightline.run_id",
  recordId: "sightline.record_id",
  /** The prompt versions a span rendered: a prompt URI, or a JSON list of them. */
  prompt: "sightline.prompt",
} as const;
