import { api, type RequestOptions } from "./client";

/** The project's scorers: immutable versions of rules, built-in and custom LLM judges, and running one (docs/scoring.md). */

import type { BuiltinJudge } from "../../../workers/judges/builtins";
import type { ValueType } from "../../../workers/judges/parse";
import type { ScorerDefinition } from "../../../workers/scorers/definitions";
import type { Rule } from "../../../workers/scorers/rules";
// The server's own shapes (type-only imports: nothing of the server is bundled).
import type {
  ScoreInput,
  ScoreResult,
  ScorerView as Scorer,
  ScorerInput,
  ScorerPatch,
  ScorerVersionView as ScorerVersion,
  VersionInput,
} from "../../../workers/scorers/schemas";

export type {
  BuiltinJudge,
  Rule,
  ScoreInput,
  ScoreResult,
  Scorer,
  ScorerDefinition,
  ScorerInput,
  ScorerPatch,
  ScorerVersion,
  ValueType,
  VersionInput,
};
export type RuleKind = Rule["kind"];
export type JudgeDefinition = Extract<ScorerDefinition, { type: "judge" }>;
export type BuiltinDefinition = Extract<ScorerDefinition, { type: "builtin" }>;

/** What `GET …/scorer-kinds` answers: the rule kinds and the built-in judges, described by the server. */
export interface ScorerKinds {
  rules: { kind: string; description: string; needs: string | null }[];
  judges: { judge: string; description: string }[];
}

const project = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}`;
const scorers = (projectId: string) => `${project(projectId)}/scorers`;
const scorer = (projectId: string, scorerId: string) =>
  `${scorers(projectId)}/${encodeURIComponent(scorerId)}`;

export function listScorerKinds(projectId: string, options?: RequestOptions): Promise<ScorerKinds> {
  return api.get<ScorerKinds>(`${project(projectId)}/scorer-kinds`, options);
}

/** Latest versions, by name; archived ones only with `archived`. */
export async function listScorers(
  projectId: string,
  archived: boolean,
  options?: RequestOptions,
): Promise<Scorer[]> {
  const path = `${scorers(projectId)}${archived ? "?archived=true" : ""}`;
  return (await api.get<{ scorers: Scorer[] }>(path, options)).scorers;
}

export function getScorer(projectId: string, scorerId: string, options?: RequestOptions): Promise<Scorer> {
  return api.get<Scorer>(scorer(projectId, scorerId), options);
}

/** Creates the scorer with version 1; 409 when the project has one of that name. */
export function createScorer(projectId: string, input: ScorerInput): Promise<Scorer> {
  return api.post<Scorer>(scorers(projectId), input);
}

/** Describes or archives a scorer; its versions never change. */
export function updateScorer(projectId: string, scorerId: string, patch: ScorerPatch): Promise<Scorer> {
  return api.patch<Scorer>(scorer(projectId, scorerId), patch);
}

/** Newest first. */
export async function listScorerVersions(
  projectId: string,
  scorerId: string,
  options?: RequestOptions,
): Promise<ScorerVersion[]> {
  return (await api.get<{ versions: ScorerVersion[] }>(`${scorer(projectId, scorerId)}/versions`, options))
    .versions;
}

/** Saves the next version. */
export function createScorerVersion(
  projectId: string,
  scorerId: string,
  input: VersionInput,
): Promise<ScorerVersion> {
  return api.post<ScorerVersion>(`${scorer(projectId, scorerId)}/versions`, input);
}

/** The request as sent: `persist` defaults to false. */
export type ScoreRequest = Omit<ScoreInput, "persist"> & { persist?: boolean };

/** Runs a scorer; a rule or judge that could not score answers `error`, not a throw (429 when every permit is busy). */
export function runScorer(
  projectId: string,
  input: ScoreRequest,
  options?: RequestOptions,
): Promise<ScoreResult> {
  return api.post<ScoreResult>(`${project(projectId)}/score`, input, options);
}
