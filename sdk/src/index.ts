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
import { getClient } from "./default-client.ts";
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
export { type AsyncLocalStorageLike, hasAsyncContext } from "./context.ts";
export { getClient, init } from "./default-client.ts";
export { SightlineError, type SightlineErrorKind } from "./errors.ts";
export { type WrapOpenAIOptions, wrapOpenAI } from "./openai/wrap.ts";
export type { InitOptions } from "./options.ts";
export type { OtlpExportRequest, OtlpSpan } from "./otlp.ts";
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
