import { idsOf, insertAssessments, newAssessment, rollupDelta, type Source } from "../assessments/rows";
import { authorize } from "../auth/access";
import type { ProjectContext } from "../auth/context";
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

/** The scorer a request names, as its feedback name, definition and version id (null inline). */
async function resolveScorer(ctx: ProjectContext, ref: ScoreInput["scorer"]) {
  if ("definition" in ref) return { name: ref.name, definition: ref.definition, versionId: null };
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
  return { name: scorer.name, definition: parsed.data, versionId: version.id };
}

type Outcome = Omit<ScoreResult, "name" | "scorerVersionId" | "assessmentId"> & {
  /** Feedback on single spans beside the result (retrieval_relevance's documents). */
  extra?: SpanFeedback[] | undefined;
  usage: JudgeUsage | null;
  source: Source;
};

async function run(
  ctx: ProjectContext,
  scorer: Awaited<ReturnType<typeof resolveScorer>>,
  subject: Subject,
): Promise<Outcome> {
  const def = scorer.definition;
  if (def.type === "rule") {
    const r = runRule(def.rule, subject);
    const source: Source = { type: "CODE", id: scorer.name };
    return "error" in r
      ? { value: null, passed: null, rationale: null, error: r.error, usage: null, source }
      : { value: r.value, passed: r.passed, rationale: r.rationale, error: null, usage: null, source };
  }
  try {
    const options = { waitMs: REQUEST_WAIT_MS };
    const j =
      def.type === "judge"
        ? await scoreWithJudge(ctx, def, subject, options)
        : await scoreWithBuiltin(ctx, def, subject, options);
    return { ...j, source: { type: "LLM_JUDGE", id: def.model } };
  } catch (err) {
    if (err instanceof JudgeBusyError)
      throw new ApiError(
        "RATE_LIMITED",
        `Every judge call the organization may run at once is in use; retry in ${Math.ceil(err.retryAfterMs / 1000)} s.`,
      );
    throw err;
  }
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
  const { usage, source, extra, ...outcome } = await run(ctx, scorer, subject);
  const out: ScoreResult = {
    name: scorer.name,
    ...outcome,
    usage,
    scorerVersionId: scorer.versionId,
    assessmentId: null,
  };
  if (!input.persist || (subject.traceId === undefined && subject.sessionId === undefined)) return out;
  const row = newAssessment(
    ctx,
    {
      kind: "feedback",
      name: scorer.name,
      traceId: subject.traceId ?? null,
      sessionId: subject.traceId === undefined ? (subject.sessionId ?? null) : null,
      value: out.value,
      error: out.error ?? undefined,
      rationale: out.rationale ?? undefined,
      metadata: {
        ...(scorer.definition.type === "rule" ? { rule: scorer.definition.rule.kind } : {}),
        ...(scorer.definition.type === "builtin" ? { judge: scorer.definition.judge } : {}),
        ...(usage ?? {}),
      },
    },
    source,
    { scorerVersionId: scorer.versionId },
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
      { scorerVersionId: scorer.versionId },
    ),
  );
  // A number with a verdict (similarity, coverage, a threshold's figure) passes or fails by the scorer.
  if (out.passed !== null) row.passed = out.passed ? 1 : 0;
  const { db } = ctx;
  await db.batch([
    db.run(insertAssessments(ctx, [row, ...spanRows])),
    db.run(rollupDelta(ctx.project.id, idsOf([row, ...spanRows]), "+")),
  ]);
  return { ...out, assessmentId: row.id };
}
