import { idsOf, insertAssessments, newAssessment, rollupRuns, type Source } from "../assessments/rows";
import { authorize } from "../auth/access";
import type { ProjectContext, ProjectScope } from "../auth/context";
import { JudgeBusyError, type JudgeUsage } from "../judges/runner";
import { ApiError } from "../lib/errors";
import { ScorerDefinition } from "./definitions";
import { type SpanFeedback, scoreWithBuiltin, scoreWithJudge } from "./judge-scorer";
import { getVersionInProject, latestVersion } from "./registry";
import { runRule, type Subject } from "./rules";
import type { ScoreInput, ScoreResult } from "./schemas";
import { sessionSubject, traceSubject } from "./subject";

/** How long a person's scoring request waits for one of the organization's judge permits. */
const REQUEST_WAIT_MS = 10_000;

export type ResolvedScorer = Awaited<ReturnType<typeof resolveScorer>>;

/** The scorer a request names, as its feedback name, definition, and scorer and version ids (null inline). */
export async function resolveScorer(ctx: ProjectScope, ref: ScoreInput["scorer"]) {
  if ("definition" in ref)
    return { name: ref.name, definition: ref.definition, scorerId: null, versionId: null };
  const { scorer, version } =
    "versionId" in ref
      ? await getVersionInProject(ctx, ref.versionId)
      : await latestVersion(ctx, ref.scorerId);
  const parsed = ScorerDefinition.safeParse(version.definition);
  if (!parsed.success)
    throw new ApiError(
      "CONFLICT",
      `Scorer version ${version.id} cannot run: its definition no longer parses.`,
    );
  return { name: scorer.name, definition: parsed.data, scorerId: scorer.id, versionId: version.id };
}

type Outcome = Omit<ScoreResult, "name" | "scorerVersionId" | "assessmentId"> & {
  /** Feedback on single spans beside the result (retrieval_relevance's documents). */
  extra?: SpanFeedback[] | undefined;
  usage: JudgeUsage | null;
  source: Source;
};

/**
 * Runs a scorer on a subject: a rule at once, a judge through the judge runner waiting at most
 * `waitMs` for one of the organization's permits (JudgeBusyError when none came free).
 */
export async function runScorer(
  ctx: ProjectScope,
  scorer: ResolvedScorer,
  subject: Subject,
  waitMs: number,
): Promise<Outcome> {
  const def = scorer.definition;
  if (def.type === "rule") {
    const r = runRule(def.rule, subject);
    const source: Source = { type: "CODE", id: scorer.name };
    return "error" in r
      ? { value: null, passed: null, rationale: null, error: r.error, usage: null, source }
      : { value: r.value, passed: r.passed, rationale: r.rationale, error: null, usage: null, source };
  }
  const options = { waitMs };
  const j =
    def.type === "judge"
      ? await scoreWithJudge(ctx, def, subject, options)
      : await scoreWithBuiltin(ctx, def, subject, options);
  return { ...j, source: { type: "LLM_JUDGE", id: def.model } };
}

/** A request's scoring: no permit in time is a 429 saying when to retry. */
async function runForRequest(ctx: ProjectScope, scorer: ResolvedScorer, subject: Subject) {
  try {
    return await runScorer(ctx, scorer, subject, REQUEST_WAIT_MS);
  } catch (err) {
    if (err instanceof JudgeBusyError)
      throw new ApiError(
        "RATE_LIMITED",
        `Every judge call the organization may run at once is in use; retry in ${Math.ceil(err.retryAfterMs / 1000)} s.`,
      );
    throw err;
  }
}

/** The public shape of an outcome. */
function resultOf(scorer: ResolvedScorer, outcome: Outcome): ScoreResult {
  const { usage, source: _source, extra: _extra, ...rest } = outcome;
  return { name: scorer.name, ...rest, usage, scorerVersionId: scorer.versionId, assessmentId: null };
}

/**
 * The feedback rows of an outcome on a stored trace or session: the scorer's result (named after
 * the scorer, naming its version) and the feedback a judge gave on single spans beside it.
 */
export function outcomeRows(
  ctx: ProjectScope,
  scorer: ResolvedScorer,
  subject: { traceId?: string; sessionId?: string },
  outcome: Outcome,
  run: { runId: string; metadata: Record<string, unknown> } | null = null,
  monitorId: string | null = null,
) {
  const { usage, source, extra } = outcome;
  const link = { scorerVersionId: scorer.versionId, runId: run?.runId ?? null, monitorId };
  const row = newAssessment(
    ctx,
    {
      kind: "feedback",
      name: scorer.name,
      traceId: subject.traceId ?? null,
      sessionId: subject.traceId === undefined ? (subject.sessionId ?? null) : null,
      value: outcome.value,
      error: outcome.error ?? undefined,
      rationale: outcome.rationale ?? undefined,
      metadata: {
        ...(scorer.definition.type === "rule" ? { rule: scorer.definition.rule.kind } : {}),
        ...(scorer.definition.type === "builtin" ? { judge: scorer.definition.judge } : {}),
        ...(usage ?? {}),
        ...(run?.metadata ?? {}),
      },
    },
    source,
    link,
  );
  const spanRows = (subject.traceId === undefined ? [] : (extra ?? [])).map((f) =>
    newAssessment(
      ctx,
      {
        kind: "feedback",
        name: f.name,
        traceId: subject.traceId,
        spanId: f.spanId,
        value: f.value,
        rationale: f.rationale ?? undefined,
        metadata: f.metadata,
      },
      source,
      link,
    ),
  );
  // A number with a verdict (similarity, coverage, a threshold's figure) passes or fails by the scorer.
  if (outcome.passed !== null) row.passed = outcome.passed ? 1 : 0;
  return { row, rows: [row, ...spanRows] };
}

/** Statements storing feedback rows with their score rollups, for one batch. */
export function storeRows(ctx: ProjectScope, rows: ReturnType<typeof outcomeRows>["rows"]) {
  return [
    ctx.db.run(insertAssessments(ctx, rows)),
    ...rollupRuns(ctx.db, ctx.project.id, idsOf(rows), "+"),
  ] as const;
}

/**
 * Scores one stored trace or one `{ inputs, outputs, expectations }` with a scorer (a rule, or a
 * custom judge through the judge runner), and with `persist` stores the result as feedback on the
 * trace naming the scorer version: CODE for rules, LLM_JUDGE with the model URI for judges. A
 * scorer that cannot apply, or a judge call that failed, answers an error result, never a
 * silent default score; judges' model, tokens, cost and latency are in the result and the
 * stored feedback's metadata.
 */
export async function scoreOne({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: ScoreInput;
}): Promise<ScoreResult> {
  const target = input.target;
  if (input.persist) {
    if (!("traceId" in target) && !("sessionId" in target))
      throw new ApiError(
        "INVALID_INPUT",
        "Invalid body. persist: only a stored trace's or session's score can be stored; give target.traceId or target.sessionId.",
      );
    authorize(ctx.principal, ctx.org.id, "feedback:write");
  }
  const scorer = await resolveScorer(ctx, input.scorer);
  const subject: Subject & { traceId?: string; sessionId?: string } =
    "traceId" in target
      ? await traceSubject(ctx, target.traceId)
      : "sessionId" in target
        ? await sessionSubject(ctx, target.sessionId)
        : { inputs: target.inputs ?? null, outputs: target.outputs, expectations: target.expectations ?? {} };
  const outcome = await runForRequest(ctx, scorer, subject);
  const out = resultOf(scorer, outcome);
  if (!input.persist || (subject.traceId === undefined && subject.sessionId === undefined)) return out;
  const { row, rows } = outcomeRows(ctx, scorer, subject, outcome);
  await ctx.db.batch(storeRows(ctx, rows));
  return { ...out, assessmentId: row.id };
}
