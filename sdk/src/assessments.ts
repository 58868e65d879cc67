/**
 * Feedback and expectations (assessments) on traces, spans and sessions, through Sightline's
 * assessments API. Each function checks the obvious mistakes before sending (a malformed trace id,
 * both or neither of traceId and sessionId, feedback with both a value and an error, …), so they
 * fail at once with a message naming the argument; the server checks the rest (value shapes,
 * reserved expectation names, sizes) and its 422 comes back as an `api_error` with its message.
 */
import { type ApiClient, invalidInput } from "./api.ts";
import { SightlineError } from "./errors.ts";
import { isSpanId, isTraceId } from "./ids.ts";
import { toJson } from "./serialize.ts";

type Primitive = string | number | boolean;

/** What feedback may hold: a boolean, number or string, a list of them, or a flat object of them. */
export type FeedbackValue = Primitive | (Primitive | null)[] | { [key: string]: Primitive | null };

/** Your own keys on an assessment: flat, at most 50. */
export type AssessmentMetadata = Record<string, string | number | boolean | null>;

/**
 * Who an assessment comes from, as an API key may say it: an end user's feedback relayed by your
 * app (`HUMAN`, with their id) or a code scorer's result (`CODE`, with its name). Default HUMAN.
 */
export interface AssessmentSourceInput {
  type: "HUMAN" | "CODE";
  id?: string;
}

/** Why feedback has no value (a scorer that timed out, say). */
export interface AssessmentError {
  code: string;
  /** Default "". */
  message?: string;
}

/** An assessment as the API answers it. */
export interface Assessment {
  id: string;
  kind: "feedback" | "expectation";
  name: string;
  /** Null for a session's assessment. */
  traceId: string | null;
  /** Set when the assessment is about one span of the trace. */
  spanId: string | null;
  /** Set for a session's assessment. */
  sessionId: string | null;
  /** Null for feedback that is an error. */
  value: unknown;
  error: { code: string; message: string } | null;
  rationale: string | null;
  source: { type: "HUMAN" | "LLM_JUDGE" | "CODE"; id: string | null };
  /** Numeric projection of the value: booleans and yes/no as 1/0, numbers as they are. */
  score: number | null;
  passed: boolean | null;
  scorerVersionId: string | null;
  runId: string | null;
  metadata: Record<string, unknown>;
  /** False once overridden or deleted. */
  valid: boolean;
  /** The assessment this one replaced. */
  overrides: string | null;
  /** The assessment that replaced this one. */
  supersededBy: string | null;
  deleted: boolean;
  createdBy: { id: string; label: string };
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/**
 * What an assessment is about: a trace (or, with spanId, one of its spans), or a session. The
 * trace need not have arrived yet: feedback sent right after a request, before the spans were
 * flushed, shows on its trace once they arrive.
 */
export type AssessmentTarget =
  | { traceId: string; spanId?: string; sessionId?: undefined }
  | { sessionId: string; traceId?: undefined; spanId?: undefined };

export type LogFeedbackOptions = AssessmentTarget & {
  name: string;
  /** Exactly one of value and error. */
  value?: FeedbackValue;
  error?: AssessmentError;
  rationale?: string;
  source?: AssessmentSourceInput;
  metadata?: AssessmentMetadata;
};

export type LogExpectationOptions = AssessmentTarget & {
  name: string;
  /**
   * Any JSON. The names the built-in judges read must have their shape: `expected_response` a
   * string, `expected_facts` and `guidelines` lists of strings, `expected_retrieved_context` a list
   * of `{ content, doc_uri? }`, `expected_tool_calls` a list of `{ name, arguments? }`.
   */
  value: unknown;
  metadata?: AssessmentMetadata;
};

export interface OverrideFeedbackOptions {
  traceId: string;
  assessmentId: string;
  /** Exactly one of value and error (an expectation takes a value only). */
  value?: unknown;
  error?: AssessmentError;
  rationale?: string;
  source?: AssessmentSourceInput;
  metadata?: AssessmentMetadata;
}

export interface GetAssessmentsOptions {
  traceId: string;
  /** Also the overridden and deleted assessments. Default false: the current ones only. */
  history?: boolean;
}

export interface AssessmentRef {
  traceId: string;
  assessmentId: string;
}

export const absent = (value: unknown): value is undefined | null => value === undefined || value === null;

export const shown = (value: unknown): string => toJson(value).slice(0, 100);

/** Plain-JS callers may pass anything at all; the functions below need an object. */
export function argumentsOf<T extends object>(call: string, options: T): T {
  if (typeof options !== "object" || options === null) throw invalidInput(call, "needs an options object");
  return options;
}

/** Ids are lower-case hex, as OTLP/JSON writes them; people paste them in any case. */
export function traceIdOf(call: string, traceId: unknown): string {
  const id = typeof traceId === "string" ? traceId.toLowerCase() : traceId;
  if (!isTraceId(id))
    throw invalidInput(call, `traceId must be 32 hex characters (not all zero), got ${shown(traceId)}`);
  return id;
}

function assessmentIdOf(call: string, assessmentId: unknown): string {
  if (typeof assessmentId !== "string" || assessmentId === "")
    throw invalidInput(call, `assessmentId must be a non-empty string, got ${shown(assessmentId)}`);
  return assessmentId;
}

function targetOf(
  call: string,
  options: { traceId?: unknown; spanId?: unknown; sessionId?: unknown },
): { traceId?: string; spanId?: string; sessionId?: string } {
  const { traceId, spanId, sessionId } = options;
  if (absent(traceId) === absent(sessionId))
    throw invalidInput(call, "needs a traceId or a sessionId (exactly one of them)");
  if (!absent(sessionId)) {
    if (typeof sessionId !== "string" || sessionId === "")
      throw invalidInput(call, `sessionId must be a non-empty string, got ${shown(sessionId)}`);
    if (!absent(spanId)) throw invalidInput(call, "a session's assessment has no spanId");
    return { sessionId };
  }
  const trace = traceIdOf(call, traceId);
  if (absent(spanId)) return { traceId: trace };
  const span = typeof spanId === "string" ? spanId.toLowerCase() : spanId;
  if (!isSpanId(span))
    throw invalidInput(call, `spanId must be 16 hex characters (not all zero), got ${shown(spanId)}`);
  return { traceId: trace, spanId: span };
}

export function nameOf(call: string, name: unknown): string {
  if (typeof name !== "string" || name.trim() === "")
    throw invalidInput(call, `name must be a non-empty string, got ${shown(name)}`);
  return name;
}

/** Feedback (and an override) holds exactly one of a value and an error, as the API requires. */
function checkValueOrError(call: string, value: unknown, error: unknown): void {
  if (absent(value) === absent(error))
    throw invalidInput(call, "needs a value or an error (exactly one of them)");
  if (!absent(error)) {
    const code = (error as { code?: unknown }).code;
    if (typeof error !== "object" || typeof code !== "string" || code === "")
      throw invalidInput(call, `error must be { code, message? } with a non-empty code, got ${shown(error)}`);
  }
}

function checkSource(call: string, source: unknown): void {
  if (absent(source)) return;
  const type = (source as { type?: unknown }).type;
  if (typeof source !== "object" || (type !== "HUMAN" && type !== "CODE"))
    throw invalidInput(call, `source.type must be "HUMAN" or "CODE", got ${shown(source)}`);
}

/** The answer did not have the documented shape: a proxy in the way, or a server of another version. */
export function unexpected(call: string, answer: unknown): SightlineError {
  return new SightlineError("request_failed", `${call} failed: unexpected answer ${shown(answer)}`);
}

/**
 * Logs through `POST assessments/batch`, one item per call. The batch endpoint is used, not the
 * per-trace one, because it takes feedback for traces whose spans have not arrived yet. Calls are
 * not gathered into shared batches: a batch is all or nothing, so one bad item would fail the
 * others' calls too, and each caller awaits its own answer anyway.
 */
async function logOne(api: ApiClient, call: string, item: Record<string, unknown>): Promise<string> {
  const answer = (await api.inProject(call, "POST", "/assessments/batch", { assessments: [item] })) as {
    ids?: unknown;
  } | null;
  const id = Array.isArray(answer?.ids) ? answer.ids[0] : undefined;
  if (typeof id !== "string") throw unexpected(call, answer);
  return id;
}

export async function logFeedback(api: ApiClient, options: LogFeedbackOptions): Promise<string> {
  const call = "logFeedback()";
  const { name, value, error, rationale, source, metadata } = argumentsOf(call, options);
  const target = targetOf(call, options);
  checkValueOrError(call, value, error);
  checkSource(call, source);
  const item = {
    kind: "feedback",
    ...target,
    name: nameOf(call, name),
    value,
    error,
    rationale,
    source,
    metadata,
  };
  return logOne(api, call, item);
}

export async function logExpectation(api: ApiClient, options: LogExpectationOptions): Promise<string> {
  const call = "logExpectation()";
  const { name, value, metadata } = argumentsOf(call, options);
  const target = targetOf(call, options);
  if (absent(value)) throw invalidInput(call, "needs a value");
  return logOne(api, call, { kind: "expectation", ...target, name: nameOf(call, name), value, metadata });
}

const assessmentsPath = (traceId: string) => `/traces/${traceId}/assessments`;
const assessmentPath = (traceId: string, assessmentId: string) =>
  `${assessmentsPath(traceId)}/${encodeURIComponent(assessmentId)}`;

function isAssessment(value: unknown): value is Assessment {
  const a = value as Partial<Assessment> | null;
  return typeof a === "object" && a !== null && typeof a.id === "string" && typeof a.name === "string";
}

export async function overrideFeedback(
  api: ApiClient,
  options: OverrideFeedbackOptions,
): Promise<Assessment> {
  const call = "overrideFeedback()";
  const { value, error, rationale, source, metadata } = argumentsOf(call, options);
  const path = assessmentPath(traceIdOf(call, options.traceId), assessmentIdOf(call, options.assessmentId));
  checkValueOrError(call, value, error);
  checkSource(call, source);
  const answer = await api.inProject(call, "PATCH", path, { value, error, rationale, source, metadata });
  if (!isAssessment(answer)) throw unexpected(call, answer);
  return answer;
}

export async function getAssessment(api: ApiClient, options: AssessmentRef): Promise<Assessment> {
  const call = "getAssessment()";
  argumentsOf(call, options);
  const path = assessmentPath(traceIdOf(call, options.traceId), assessmentIdOf(call, options.assessmentId));
  const answer = await api.inProject(call, "GET", path);
  if (!isAssessment(answer)) throw unexpected(call, answer);
  return answer;
}

export async function getAssessments(api: ApiClient, options: GetAssessmentsOptions): Promise<Assessment[]> {
  const call = "getAssessments()";
  const { history } = argumentsOf(call, options);
  if (!absent(history) && typeof history !== "boolean")
    throw invalidInput(call, `history must be a boolean, got ${shown(history)}`);
  const path = `${assessmentsPath(traceIdOf(call, options.traceId))}?history=${history === true}`;
  const answer = (await api.inProject(call, "GET", path)) as { assessments?: unknown } | null;
  const list = answer?.assessments;
  if (!Array.isArray(list) || !list.every(isAssessment)) throw unexpected(call, answer);
  return list;
}

export async function deleteAssessment(api: ApiClient, options: AssessmentRef): Promise<void> {
  const call = "deleteAssessment()";
  argumentsOf(call, options);
  const path = assessmentPath(traceIdOf(call, options.traceId), assessmentIdOf(call, options.assessmentId));
  await api.inProject(call, "DELETE", path);
}
