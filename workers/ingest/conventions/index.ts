import { Attr } from "../../../sdk/src/types.ts";
import type { Attributes, RawSpan } from "../otlp/model";
import { eventMessages, genAi } from "./genai";
import { langfuse } from "./langfuse";
import { mlflow } from "./mlflow";
import { openInference } from "./openinference";
import { first, prefixed, str } from "./read";
import { traceloop } from "./traceloop";
import type { Convention, Failure, Usage } from "./types";
import { vercelAi } from "./vercel-ai";

/**
 * The conventions, in precedence order: for each thing read, the first convention that applies
 * to the span and says something wins.
 *   1. MLflow / our SDK: `mlflow.*` keys are set on purpose by the code that made the span.
 *   2. Langfuse: explicit per-observation keys, and its spans carry nothing else useful.
 *   3. OpenInference: its flattened messages describe the call better than the GenAI keys some
 *      instrumentations add beside them.
 *   4. Vercel AI SDK: its `ai.*` keys (usage only on model calls) beside the GenAI keys it also
 *      writes on model calls.
 *   5. Traceloop: workflow/agent/tool entities; its model calls are GenAI.
 *   6. OpenTelemetry GenAI: the standard, written by most libraries beside their own keys.
 *   7. Plain OpenTelemetry: `session.id`, `user.id`, `enduser.id`.
 * docs/clients/README.md explains the order; conventions.test.ts holds it.
 */
export const CONVENTIONS: readonly Convention[] = [
  mlflow,
  langfuse,
  openInference,
  vercelAi,
  traceloop,
  genAi,
  {
    name: "otel",
    applies: () => true,
    // GenAI events recorded on the span itself (older instrumentations), whatever else it says.
    inputs: (_, span) => eventMessages(span.events, false),
    outputs: (_, span) => eventMessages(span.events, true),
    sessionId: (a) => str(a[Attr.sessionId]),
    userId: (a) => first(str(a[Attr.userId]), str(a["enduser.id"])),
  },
];

/** What the conventions say about one span (before cuts and limits, normalise.ts). */
export type Mapped = {
  conventions: string[];
  spanType: string;
  model: string | null;
  provider: string | null;
  usage: Usage | null;
  costUsd: number | null;
  inputs: unknown;
  outputs: unknown;
  sessionId: string | null;
  userId: string | null;
  failure: Failure | null;
  tags: Record<string, string>;
  metadata: Record<string, string>;
};

type Reader<K extends keyof Convention> = NonNullable<Convention[K]>;

/** The first non-null answer of `key` among the applicable conventions. */
function firstOf<K extends keyof Convention, R>(
  active: readonly Convention[],
  key: K,
  read: (fn: Reader<K>) => R | null | undefined,
): R | null {
  for (const c of active) {
    const fn = c[key];
    if (fn === undefined) continue;
    const value = read(fn as Reader<K>);
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

export function mapSpan(raw: RawSpan): Mapped {
  const a: Attributes = raw.attributes;
  const active = CONVENTIONS.filter((c) => c.applies(a));
  const metadata: Record<string, string> = {};
  // Lower precedence first, so a higher one's value for the same key wins.
  for (const c of [...active].reverse()) if (c.metadata) Object.assign(metadata, c.metadata(a));
  Object.assign(metadata, prefixed(a, Attr.metadataPrefix));
  return {
    conventions: active.map((c) => c.name),
    spanType: firstOf(active, "spanType", (f) => f(a)) ?? "UNKNOWN",
    model: firstOf(active, "model", (f) => f(a)),
    provider: firstOf(active, "provider", (f) => f(a)),
    usage: firstOf(active, "usage", (f) => f(a)),
    costUsd: firstOf(active, "costUsd", (f) => f(a)),
    inputs: firstOf(active, "inputs", (f) => f(a, raw)),
    outputs: firstOf(active, "outputs", (f) => f(a, raw)),
    sessionId: firstOf(active, "sessionId", (f) => f(a)),
    userId: firstOf(active, "userId", (f) => f(a)),
    failure: firstOf(active, "failure", (f) => f(a)),
    tags: prefixed(a, Attr.tagPrefix),
    metadata,
  };
}
