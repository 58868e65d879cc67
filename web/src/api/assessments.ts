import { api, type RequestOptions } from "./client";

/** Feedback and expectations on a trace, and feedback scores over time (the assessments API). */

// The server's own answer shape (a type-only import: nothing of the server is bundled).
import type { AssessmentView as Assessment } from "../../../workers/assessments/schemas";

export type { Assessment };

/**
 * `GET score-metrics`, written out here: the server's type lives beside its query
 * (workers/assessments/metrics.ts), which the dashboard's compiler cannot follow into the
 * Worker's bindings.
 */
export interface ScoreFigures {
  /** Feedback counted, errors included. */
  count: number;
  /** Mean of the numeric scores (booleans and yes/no as 1/0). */
  mean: number | null;
  stddev: number | null;
  /** Passes over feedback with a pass/fail; null when the name has none. */
  passRate: number | null;
  /** Feedback that is an error (no value). */
  errors: number;
}

export interface ScoreMetrics {
  granularity: "hour" | "day";
  names: string[];
  /** Only buckets with feedback are listed. */
  series: (ScoreFigures & { name: string; time: string })[];
  totals: (ScoreFigures & { name: string })[];
}

export type AssessmentKind = Assessment["kind"];
export type AssessmentSource = Assessment["source"]["type"];
export const ASSESSMENT_SOURCES: readonly AssessmentSource[] = ["HUMAN", "LLM_JUDGE", "CODE"];

export interface NewAssessment {
  kind: AssessmentKind;
  name: string;
  value: unknown;
  rationale?: string;
}

export interface AssessmentOverride {
  value: unknown;
  rationale?: string;
}

export interface ScoreMetricsQuery {
  from: string;
  to: string;
  granularity: ScoreMetrics["granularity"];
  name?: string;
}

const project = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}`;
const assessments = (projectId: string, traceId: string) =>
  `${project(projectId)}/traces/${encodeURIComponent(traceId)}/assessments`;

/** The trace's current assessments, oldest first; with `history`, the overridden and deleted ones too. */
export async function listAssessments(
  projectId: string,
  traceId: string,
  history: boolean,
  options?: RequestOptions,
): Promise<Assessment[]> {
  const query = history ? { history: "true" } : undefined;
  const answer = await api.get<{ assessments: Assessment[] }>(assessments(projectId, traceId), {
    ...options,
    query,
  });
  return answer.assessments;
}

export function createAssessment(
  projectId: string,
  traceId: string,
  input: NewAssessment,
): Promise<Assessment> {
  return api.post<Assessment>(assessments(projectId, traceId), input);
}

/** Answers the new assessment that replaces `assessmentId` (409 when that one is no longer current). */
export function overrideAssessment(
  projectId: string,
  traceId: string,
  assessmentId: string,
  input: AssessmentOverride,
): Promise<Assessment> {
  return api.patch<Assessment>(
    `${assessments(projectId, traceId)}/${encodeURIComponent(assessmentId)}`,
    input,
  );
}

export function deleteAssessment(projectId: string, traceId: string, assessmentId: string): Promise<void> {
  return api.delete(`${assessments(projectId, traceId)}/${encodeURIComponent(assessmentId)}`);
}

export function getScoreMetrics(
  projectId: string,
  query: ScoreMetricsQuery,
  options?: RequestOptions,
): Promise<ScoreMetrics> {
  return api.get<ScoreMetrics>(`${project(projectId)}/score-metrics`, { ...options, query: { ...query } });
}
