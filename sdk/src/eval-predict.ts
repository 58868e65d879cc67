/**
 * One record of evaluate(): the application called in its own trace (retried with backoff, its
 * failure the record's error rather than the run's end), then the local code scorers on what it
 * answered, their results sent with the record's row.
 */

import type { CodeScoreResult, CodeScorer } from "./code-scorers.ts";
import { runWithActiveSpan } from "./context.ts";
import type { EvalClient } from "./eval-client.ts";
import type { PlannedRecord } from "./eval-data.ts";
import { projectValue } from "./eval-metrics.ts";
import type { EvaluationScore } from "./evaluation-types.ts";
import type { CodeScoreInput } from "./evaluations.ts";
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

/** A code scorer's result as the run takes it with its record (`records[].scores`). */
export function asRowScore(result: CodeScoreResult): CodeScoreInput {
  return result.error === null
    ? { name: result.name, value: result.value, rationale: result.rationale }
    : { name: result.name, error: result.error };
}

/**
 * Runs the code scorers on a record's outputs, for its row: the run stores their results (as its
 * CODE assessments, on the record's trace when it has one), so nothing is logged from here.
 */
export async function scoreLocally(
  scorers: CodeScorer[],
  record: PlannedRecord,
  outputs: unknown,
): Promise<CodeScoreInput[]> {
  const subject = { inputs: record.inputs, outputs, expectations: record.expectations ?? {} };
  const results = await Promise.all(scorers.map((s) => s.run(subject)));
  return results.map(asRowScore);
}
