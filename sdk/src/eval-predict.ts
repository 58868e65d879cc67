/**
 * One record of evaluate(): the application called in its own trace (retried with backoff, its
 * failure the record's error rather than the run's end), then the local code scorers on what it
 * answered, their results logged as CODE feedback on that trace.
 */

import type { ApiClient } from "./api.ts";
import { logFeedback } from "./assessments.ts";
import { type CodeScoreResult, type CodeScorer, feedbackOf } from "./code-scorers.ts";
import { runWithActiveSpan } from "./context.ts";
import { SightlineError } from "./errors.ts";
import type { EvalClient } from "./eval-client.ts";
import type { PlannedRecord } from "./eval-data.ts";
import { projectValue } from "./eval-metrics.ts";
import type { EvaluationScore } from "./evaluation-types.ts";
import { toJson } from "./serialize.ts";
import { Attr, SpanType } from "./types.ts";

type PRetry = typeof import("p-retry");

/** The server keeps at most this much of a record's error. */
const MAX_ERROR = 10_000;

export interface Prediction {
  outputs?: unknown;
  /** The successful call's duration (retries and their waits not counted). */
  latencyMs?: number;
  traceId: string;
  error?: string;
}

export interface PredictPlan {
  client: EvalClient;
  predictFn: (inputs: Record<string, unknown>) => unknown;
  runId: string;
  retry: PRetry;
  retries: number;
  retryDelayMs: number;
  signal: AbortSignal | undefined;
}

const describe = (error: unknown) =>
  (error instanceof Error ? `${error.name}: ${error.message}` : toJson(error)).slice(0, MAX_ERROR);

/**
 * Calls predictFn in a new trace (`sightline.run_id`, `sightline.record_id`). Resolves to the
 * outputs (as JSON sends them) or to the error after the last retry; rejects only when aborted.
 */
export async function predict(plan: PredictPlan, record: PlannedRecord): Promise<Prediction> {
  const { client, predictFn, retry, signal } = plan;
  const span = client.startSpan({
    name: predictFn.name || "predict",
    spanType: SpanType.CHAIN,
    parent: null,
    inputs: record.inputs,
    attributes: { [Attr.runId]: plan.runId, [Attr.recordId]: record.rowKey },
  });
  let latencyMs = 0;
  try {
    const outputs = await retry.default(
      async () => {
        const started = performance.now();
        const answer = await runWithActiveSpan(span, () => predictFn(record.inputs));
        latencyMs = performance.now() - started;
        return answer;
      },
      {
        retries: plan.retries,
        minTimeout: plan.retryDelayMs,
        maxTimeout: 30_000,
        factor: 2,
        signal,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft > 0)
            span.addEvent("retry", { attempt: attemptNumber, "exception.message": error.message });
        },
      },
    );
    span.setOutputs(outputs);
    span.end();
    // undefined (a void predictFn) is sent as null: no outputs at all would leave the record unscored.
    const sent = JSON.parse(toJson(outputs)) as unknown;
    return { outputs: sent, latencyMs: Math.round(latencyMs * 10) / 10, traceId: span.traceId };
  } catch (error) {
    span.fail(error);
    span.end();
    if (signal?.aborted) throw error;
    return { error: describe(error), traceId: span.traceId };
  }
}

/** A code scorer's result as a row's score (run once: repeats are for judges' variance). */
export function asScore(result: CodeScoreResult, assessmentId: string | null): EvaluationScore {
  return {
    scorer: result.name,
    scorerVersionId: null,
    repeat: 1,
    value: result.value,
    passed: result.error === null ? projectValue(result.value).passed : null,
    rationale: result.rationale,
    error: result.error,
    costUsd: null,
    assessmentId,
  };
}

/**
 * Runs the code scorers on a record's outputs; with a trace, logs each result on it as CODE
 * feedback (metadata naming the run and record). Feedback that cannot be logged is reported to
 * onError and the result kept: the score itself is not lost.
 */
export async function scoreLocally(
  api: ApiClient,
  client: EvalClient,
  scorers: CodeScorer[],
  record: PlannedRecord,
  outputs: unknown,
  trace: { traceId: string; runId: string } | undefined,
): Promise<{ results: CodeScoreResult[]; scores: EvaluationScore[] }> {
  const subject = { inputs: record.inputs, outputs, expectations: record.expectations ?? {} };
  const results = await Promise.all(scorers.map((s) => s.run(subject)));
  const scores = await Promise.all(
    results.map(async (result) => {
      if (trace === undefined) return asScore(result, null);
      const metadata = { [Attr.runId]: trace.runId, [Attr.recordId]: record.rowKey };
      try {
        return asScore(result, await logFeedback(api, feedbackOf(trace.traceId, result, metadata)));
      } catch (error) {
        client.report(
          error instanceof SightlineError
            ? error
            : new SightlineError("internal", "logging a code scorer's feedback failed", { cause: error }),
        );
        return asScore(result, null);
      }
    }),
  );
  return { results, scores };
}
