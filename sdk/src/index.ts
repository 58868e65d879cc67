/**
 * @sightline/sdk: tracing for LLM applications, exported to Sightline as OTLP/JSON.
 *
 *   import { init, trace, withSpan, wrapOpenAI } from "@sightline/sdk";
 *   init({ apiKey: process.env.SIGHTLINE_API_KEY, baseUrl: "https://sightline.example.com" });
 *
 * Tracing never throws into your code; the feedback and assessment calls (logFeedback, …) are
 * awaited, and reject with a SightlineError when the API refuses them or cannot be reached.
 */

import type {
  Assessment,
  AssessmentRef,
  GetAssessmentsOptions,
  LogExpectationOptions,
  LogFeedbackOptions,
  OverrideFeedbackOptions,
} from "./assessments.ts";
import {
  type AnyFunction,
  type StartSpanOptions,
  type TraceOptions,
  type TraceUpdate,
  traceWith,
} from "./client.ts";
import type { CodeScorer, CodeScorerFn } from "./code-scorers.ts";
import { makeCodeScorer } from "./code-scorers.ts";
import { Datasets } from "./datasets-client.ts";
import { getClient } from "./default-client.ts";
import type { EvaluateOptions, EvaluateResult } from "./evaluation-types.ts";
import { Evaluations } from "./evaluations-client.ts";
import type { Prompts } from "./prompts-client.ts";
import type {
  CreateScorerOptions,
  CreateScorerVersionOptions,
  ListScorersOptions,
  ScoreOptions,
  ScoreResult,
  Scorer,
  ScorerVersion,
  UpdateScorerOptions,
} from "./scorers.ts";
import type { Span } from "./span.ts";

export type {
  Assessment,
  AssessmentError,
  AssessmentMetadata,
  AssessmentRef,
  AssessmentSourceInput,
  AssessmentTarget,
  FeedbackValue,
  GetAssessmentsOptions,
  LogExpectationOptions,
  LogFeedbackOptions,
  OverrideFeedbackOptions,
} from "./assessments.ts";
export type { StartSpanOptions, TraceOptions, TraceUpdate } from "./client.ts";
export { SightlineClient } from "./client.ts";
export type {
  CodeScoreResult,
  CodeScorer,
  CodeScorerArgs,
  CodeScorerFn,
  CodeScorerReturn,
  CodeScoreValue,
  ScorerSubject,
} from "./code-scorers.ts";
export { type AsyncLocalStorageLike, hasAsyncContext } from "./context.ts";
export type {
  CreateDatasetOptions,
  Dataset,
  DatasetDiff,
  DatasetImport,
  DatasetRecord,
  DatasetVersion,
  DiffOptions,
  ExportOptions,
  ImportFormat,
  ListDatasetsOptions,
  MergeResult,
  RecordInput,
  RecordPage,
  RecordSourceType,
  RecordsOptions,
  RejectedRow,
  RestoreResult,
  TraceSelection,
  UpdateDatasetOptions,
  UpdateRecordOptions,
  VersionKind,
} from "./dataset-types.ts";
export { Datasets } from "./datasets-client.ts";
export { getClient, init } from "./default-client.ts";
export { SightlineError, type SightlineErrorKind } from "./errors.ts";
export type {
  Comparison,
  EvalConfig,
  EvalData,
  EvalRecord,
  EvalScorer,
  EvaluateOptions,
  EvaluateProgress,
  EvaluateResult,
  Evaluation,
  EvaluationRow,
  EvaluationScore,
  EvaluationStatus,
  MetricComparison,
  RecordChange,
  ScorerMetrics,
} from "./evaluation-types.ts";
export type { RowInput, RunScorerRef, StartEvaluationOptions } from "./evaluations.ts";
export { Evaluations } from "./evaluations-client.ts";
export type { FromTracesOptions } from "./from-traces.ts";
export type { ImportSource } from "./import-source.ts";
export type { ImportFileOptions, ImportProgress, ImportReport, MergeOptions } from "./imports.ts";
export { type WrapOpenAIOptions, wrapOpenAI } from "./openai/wrap.ts";
export type { InitOptions } from "./options.ts";
export type { OtlpExportRequest, OtlpSpan } from "./otlp.ts";
export { Prompt, type PromptFallback, type PromptModelConfig } from "./prompt.ts";
export type { WaitUntil } from "./prompt-cache.ts";
export type { PromptMessage, PromptTemplate } from "./prompt-template.ts";
export {
  type GetPromptOptions,
  type PromptAlias,
  type PromptInfo,
  Prompts,
  type RegisterPromptOptions,
} from "./prompts-client.ts";
export {
  BUILTIN_JUDGES,
  type BuiltinDefinition,
  type BuiltinJudge,
  builtin,
  type CreateScorerOptions,
  type CreateScorerVersionOptions,
  JUDGE_VARIABLES,
  type JudgeDefinition,
  type JudgeValueType,
  type ListScorersOptions,
  type MakeJudgeOptions,
  makeJudge,
  type Rule,
  type RuleDefinition,
  type RuleKind,
  rules,
  type ScoreOptions,
  type ScoreResult,
  type Scorer,
  type ScorerDefinition,
  type ScorerRef,
  type ScorerVersion,
  type ScoreTarget,
  type UpdateScorerOptions,
} from "./scorers.ts";
export { Span, type SpanEvent } from "./span.ts";
export {
  Attr,
  type AttributeValue,
  type SpanContext,
  type SpanStatus,
  SpanStatusCode,
  SpanType,
  type SpanTypeName,
} from "./types.ts";
export { SDK_VERSION } from "./version.ts";

/** Wraps `fn` so that every call is a span; see SightlineClient.trace. */
export function trace<F extends AnyFunction>(fn: F, options: TraceOptions = {}): F {
  return traceWith(getClient, fn, options);
}

export function startSpan(options: StartSpanOptions): Span {
  return getClient().startSpan(options);
}

export function withSpan<T>(options: StartSpanOptions, fn: (span: Span) => T): T {
  return getClient().withSpan(options, fn);
}

export function getCurrentSpan(): Span | undefined {
  return getClient().getCurrentSpan();
}

export function updateCurrentTrace(update: TraceUpdate): void {
  getClient().updateCurrentTrace(update);
}

export function flush(): Promise<void> {
  return getClient().flush();
}

export function shutdown(): Promise<void> {
  return getClient().shutdown();
}

export function getDroppedSpanCount(): number {
  return getClient().getDroppedSpanCount();
}

/** Logs feedback on a trace, span or session; resolves to its id. See SightlineClient.logFeedback. */
export function logFeedback(options: LogFeedbackOptions): Promise<string> {
  return getClient().logFeedback(options);
}

/** Logs an expectation on a trace, span or session; resolves to its id. See SightlineClient.logExpectation. */
export function logExpectation(options: LogExpectationOptions): Promise<string> {
  return getClient().logExpectation(options);
}

/** Replaces an assessment with a new one; resolves to it. See SightlineClient.overrideFeedback. */
export function overrideFeedback(options: OverrideFeedbackOptions): Promise<Assessment> {
  return getClient().overrideFeedback(options);
}

export function getAssessment(options: AssessmentRef): Promise<Assessment> {
  return getClient().getAssessment(options);
}

/** A trace's current assessments, or with `history` all of them. See SightlineClient.getAssessments. */
export function getAssessments(options: GetAssessmentsOptions): Promise<Assessment[]> {
  return getClient().getAssessments(options);
}

export function deleteAssessment(options: AssessmentRef): Promise<void> {
  return getClient().deleteAssessment(options);
}

/** The project's scorers; see SightlineClient.listScorers. */
export function listScorers(options: ListScorersOptions = {}): Promise<Scorer[]> {
  return getClient().listScorers(options);
}

export function getScorer(scorerId: string): Promise<Scorer> {
  return getClient().getScorer(scorerId);
}

/** Creates a scorer with its version 1; see SightlineClient.createScorer. */
export function createScorer(options: CreateScorerOptions): Promise<Scorer> {
  return getClient().createScorer(options);
}

export function createScorerVersion(options: CreateScorerVersionOptions): Promise<ScorerVersion> {
  return getClient().createScorerVersion(options);
}

export function listScorerVersions(scorerId: string): Promise<ScorerVersion[]> {
  return getClient().listScorerVersions(scorerId);
}

export function updateScorer(options: UpdateScorerOptions): Promise<Scorer> {
  return getClient().updateScorer(options);
}

export function archiveScorer(scorerId: string, archived = true): Promise<Scorer> {
  return getClient().archiveScorer(scorerId, archived);
}

/** Runs a scorer on the server; see SightlineClient.score. */
export function score(options: ScoreOptions): Promise<ScoreResult> {
  return getClient().score(options);
}

/**
 * A code scorer run in this process; see SightlineClient.scorer. Its logTo() logs through the
 * client init() made, looked up when logTo() is called (so scorers can be made at import time).
 */
export function scorer(name: string, fn: CodeScorerFn): CodeScorer {
  return makeCodeScorer(name, fn, (options) => getClient().logFeedback(options));
}

/**
 * The project's evaluation datasets through the client init() made (looked up at each call):
 * `datasets.create`, `merge`, `records`, `versions`, `diff`, `restore`, `export`, `importFile`,
 * `fromTraces` …; see Datasets.
 */
export const datasets: Datasets = new Datasets((call) => getClient().datasets.apiFor(call));

/**
 * Runs predictFn over data and scores it as one evaluation run, through the client init() made;
 * see SightlineClient.evaluate.
 */
export function evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  return getClient().evaluate(options);
}

/** The project's evaluation runs through the client init() made; see Evaluations. */
export const evaluations: Evaluations = new Evaluations((call) => getClient().evaluations.apiFor(call));

/**
 * The project's prompt registry through the client init() made (looked up at each call, so each
 * client keeps its own cache): `prompts.get`, `register`, `setAlias`, `list`, `versions`; see Prompts.
 */
export const prompts: Pick<Prompts, "get" | "register" | "setAlias" | "list" | "versions"> = {
  get: (ref, options) => getClient().prompts.get(ref, options),
  register: (options) => getClient().prompts.register(options),
  setAlias: (name, alias, version) => getClient().prompts.setAlias(name, alias, version),
  list: (options) => getClient().prompts.list(options),
  versions: (name) => getClient().prompts.versions(name),
};
