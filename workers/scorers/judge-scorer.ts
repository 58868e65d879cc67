import { projectValue } from "../assessments/values";
import type { OrgScope, ProjectScope } from "../auth/context";
import { runTraceAgent } from "../judges/agent";
import { builtinSpec, conversationText } from "../judges/builtins";
import type { ValueType } from "../judges/parse";
import { type JudgeUsage, judgementFormat, judgementOf, runJudge, withJudge } from "../judges/runner";
import { fill, placeholdersOf, renderValue } from "../judges/template";
import { contextWindow, estimateTokens } from "../prices/pricing";
import type { BuiltinDefinition, JudgeDefinition } from "./definitions";
import type { Subject } from "./rules";
import { OUTLINE_SPANS } from "./subject";

/** The share of a model's context a judge's prompt may take before the trace is read by the agent. */
const CONTEXT_SHARE = 0.8;

/** Feedback a judge gives beside its main result: on one span (a retrieved document's relevance). */
export type SpanFeedback = {
  spanId: string;
  name: string;
  value: string | number;
  rationale: string | null;
  metadata: Record<string, unknown>;
};

export type JudgeScore = {
  extra?: SpanFeedback[];
  value: boolean | number | string | null;
  passed: boolean | null;
  rationale: string | null;
  error: { code: string; message: string } | null;
  usage: JudgeUsage | null;
};

function answerFormat(type: ValueType): string {
  switch (type.kind) {
    case "bool":
      return '"yes" or "no"';
    case "number":
      return `a number${type.min !== undefined ? ` from ${type.min}` : ""}${type.max !== undefined ? ` to ${type.max}` : ""}`;
    case "label":
      return `exactly one of ${type.labels.map((l) => JSON.stringify(l)).join(", ")}`;
    case "text":
      return "a short text";
  }
}

/** Our system prompt for custom judges: what to answer and in which shape; the instructions say what to judge. */
function systemPrompt(type: ValueType): string {
  return [
    "You assess the quality of an AI application's work for the team that builds it.",
    "Follow the assessment instructions you are given, judging only the material they include.",
    `Reply with a JSON object with two fields: "rationale", your reasoning in at most a few sentences, and "value", ${answerFormat(type)}.`,
  ].join("\n");
}

/** A custom judge on one subject: its instructions filled, one call through the judge runner. */
export async function scoreWithJudge(
  ctx: ProjectScope,
  def: JudgeDefinition,
  subject: Subject & { traceId?: string },
  options: { waitMs: number },
): Promise<JudgeScore> {
  const { used } = placeholdersOf(def.instructions);
  if (used.includes("conversation") && !subject.conversation)
    return {
      value: null,
      passed: null,
      rationale: null,
      error: {
        code: "SESSION_NEEDED",
        message: "{{ conversation }} needs a session to score; give target.sessionId.",
      },
      usage: null,
    };
  if (used.includes("trace") && !subject.trace)
    return {
      value: null,
      passed: null,
      rationale: null,
      error: { code: "MISSING_TRACE", message: "{{ trace }} needs a stored trace; give target.traceId." },
      usage: null,
    };
  const values = {
    inputs: subject.inputs,
    outputs: subject.outputs,
    expectations: subject.expectations,
    conversation: conversationText(subject.conversation),
  };
  const system = systemPrompt(def.valueType);
  const whole = fill(def.instructions, { ...values, trace: subject.trace?.outline });
  const model = def.model.slice(def.model.indexOf(":/") + 2);
  // A trace that does not fit (its outline cut, or the prompt past most of the model's context) is
  // read by the agent with tools, rather than scored from a cut prompt.
  const tooLarge =
    used.includes("trace") &&
    ((subject.trace?.spanCount ?? 0) > OUTLINE_SPANS ||
      estimateTokens(system + whole) > contextWindow(model) * CONTEXT_SHARE);
  const request = { modelUri: def.model, system, valueType: def.valueType, temperature: def.temperature };
  const firstLines = (subject.trace?.outline ?? "").split("\n").slice(0, 50).join("\n");
  const result =
    tooLarge && subject.traceId !== undefined
      ? await runTraceAgent(
          ctx,
          subject.traceId,
          {
            ...request,
            user: fill(def.instructions, {
              ...values,
              trace: `This trace has ${subject.trace?.spanCount ?? "many"} spans, too many to show here. Its first spans:\n${firstLines}\nRead the rest with the tools.`,
            }),
          },
          options,
        )
      : await runJudge(ctx, { ...request, user: whole }, options);
  if (!result.ok)
    return { value: null, passed: null, rationale: null, error: result.error, usage: result.usage };
  const passed = projectValue(result.value).passed;
  return {
    value: result.value,
    passed: passed === null ? null : passed === 1,
    rationale: result.rationale,
    error: null,
    usage: result.usage,
  };
}

/**
 * A built-in judge on one subject: what it needs is checked first (a MISSING_FIELD error names
 * it), code decides where it can (no call, no cost), else one yes/no call through the runner.
 */
export async function scoreWithBuiltin(
  ctx: OrgScope,
  def: BuiltinDefinition,
  subject: Subject,
  options: { waitMs: number },
): Promise<JudgeScore> {
  const spec = builtinSpec(def.judge);
  const params = { guidelines: def.guidelines, exact: def.exact };
  const missing = spec.missing(subject, params);
  if (missing)
    return {
      value: null,
      passed: null,
      rationale: null,
      error: { code: "MISSING_FIELD", message: `The ${def.judge} judge needs ${missing}.` },
      usage: null,
    };
  if (def.judge === "retrieval_relevance") return scoreRetrievalRelevance(ctx, def, subject, options);
  const decided = spec.decide?.(subject, params);
  if (decided)
    return {
      value: decided.value,
      passed: decided.value === "yes",
      rationale: decided.rationale,
      error: null,
      usage: null,
    };
  const { question, material } = spec.ask(subject, params);
  const user = [question, ...material.map((m) => `\n## ${m.label}\n${renderValue(m.value)}`)].join("\n");
  const valueType = spec.valueType ?? ({ kind: "bool" } as const);
  const result = await runJudge(
    ctx,
    { modelUri: def.model, system: systemPrompt(valueType), user, valueType },
    options,
  );
  if (!result.ok)
    return { value: null, passed: null, rationale: null, error: result.error, usage: result.usage };
  return {
    value: result.value,
    passed: spec.passes ? spec.passes(result.value) : result.value === "yes",
    rationale: result.rationale,
    error: null,
    usage: result.usage,
  };
}

/**
 * RetrievalRelevance: one yes/no call per retrieved document (at most 10 of each of 3 retriever
 * spans), all under one permit; the result is the precision (relevant documents over all), and
 * beside it one feedback per document and a precision per retriever span, on that span.
 */
async function scoreRetrievalRelevance(
  ctx: OrgScope,
  def: BuiltinDefinition,
  subject: Subject,
  options: { waitMs: number },
): Promise<JudgeScore> {
  const valueType = { kind: "bool" } as const;
  const question = builtinSpec("retrieval_relevance").ask(subject, {}).question;
  const extra: SpanFeedback[] = [];
  let relevant = 0;
  let judged = 0;
  const usage: JudgeUsage = { model: def.model, inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0 };
  const result = await withJudge(ctx, def.model, options, async (session) => {
    for (const retrieval of subject.trace?.retrievals ?? []) {
      let spanRelevant = 0;
      for (const [i, chunk] of retrieval.chunks.entries()) {
        const answer = await session.call({
          temperature: 0,
          messages: [
            { role: "system", content: systemPrompt(valueType) },
            {
              role: "user",
              content: `${question}\n\n## Request\n${renderValue(subject.inputs)}\n\n## Document\n${renderValue(chunk)}`,
            },
          ],
          response_format: judgementFormat(valueType),
        });
        if (!answer.ok) return answer.result;
        usage.inputTokens += answer.usage.inputTokens;
        usage.outputTokens += answer.usage.outputTokens;
        usage.costUsd += answer.usage.costUsd;
        usage.latencyMs += answer.usage.latencyMs;
        const verdict = judgementOf(answer.completion.choices[0]?.message, valueType, answer.usage);
        if (!verdict.ok) return verdict;
        judged++;
        if (verdict.value === "yes") {
          relevant++;
          spanRelevant++;
        }
        extra.push({
          spanId: retrieval.spanId,
          name: "retrieval_relevance/document",
          value: String(verdict.value),
          rationale: verdict.rationale,
          metadata: { document: i },
        });
      }
      if (retrieval.chunks.length > 0)
        extra.push({
          spanId: retrieval.spanId,
          name: "retrieval_relevance/precision",
          value: Math.round((spanRelevant / retrieval.chunks.length) * 1000) / 1000,
          rationale: `${spanRelevant} of ${retrieval.chunks.length} documents relevant.`,
          metadata: {},
        });
    }
    return { ok: true, value: judged === 0 ? 0 : relevant / judged, rationale: null, usage };
  });
  if (!result.ok)
    return { value: null, passed: null, rationale: null, error: result.error, usage: result.usage };
  const precision = Math.round(Number(result.value) * 1000) / 1000;
  return {
    value: precision,
    passed: null,
    rationale: `${relevant} of ${judged} retrieved documents are relevant to the request.`,
    error: null,
    usage,
    extra,
  };
}
