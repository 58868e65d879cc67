import { idsOf, insertAssessments, newAssessment, rollupDelta } from "../assessments/rows";
import { authorize } from "../auth/access";
import type { ProjectContext } from "../auth/context";
import { ApiError } from "../lib/errors";
import { ScorerDefinition } from "./definitions";
import { getVersionInProject, latestVersion } from "./registry";
import { runRule, type Subject } from "./rules";
import type { ScoreInput, ScoreResult } from "./schemas";
import { traceSubject } from "./subject";

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

/**
 * Scores one stored trace or one `{ inputs, outputs, expectations }` with a scorer, and with
 * `persist` stores the result as CODE feedback on the trace, naming the scorer version. A rule
 * that cannot apply (a missing expectation, no trace figures) answers an error result, never a
 * silent default score.
 */
export async function scoreOne({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: ScoreInput;
}): Promise<ScoreResult> {
  if (input.persist) {
    if (!("traceId" in input.target))
      throw new ApiError(
        "INVALID_INPUT",
        "Invalid body. persist: only a trace's score can be stored; give target.traceId.",
      );
    authorize(ctx.principal, ctx.org.id, "feedback:write");
  }
  const scorer = await resolveScorer(ctx, input.scorer);
  const subject: Subject =
    "traceId" in input.target
      ? await traceSubject(ctx, input.target.traceId)
      : {
          inputs: input.target.inputs ?? null,
          outputs: input.target.outputs,
          expectations: input.target.expectations ?? {},
        };
  const result = runRule(scorer.definition.rule, subject);
  const out: ScoreResult =
    "error" in result
      ? {
          name: scorer.name,
          value: null,
          passed: null,
          rationale: null,
          error: result.error,
          scorerVersionId: scorer.versionId,
          assessmentId: null,
        }
      : {
          name: scorer.name,
          value: result.value,
          passed: result.passed,
          rationale: result.rationale,
          error: null,
          scorerVersionId: scorer.versionId,
          assessmentId: null,
        };
  if (!input.persist || !("traceId" in subject)) return out;
  const row = newAssessment(
    ctx,
    {
      kind: "feedback",
      name: scorer.name,
      traceId: subject.traceId as string,
      value: out.value,
      error: out.error ?? undefined,
      rationale: out.rationale ?? undefined,
      metadata: { rule: scorer.definition.rule.kind },
    },
    { type: "CODE", id: scorer.name },
    { scorerVersionId: scorer.versionId },
  );
  // A number with a verdict (similarity, coverage, a threshold's figure) passes or fails by the rule.
  if (out.passed !== null) row.passed = out.passed ? 1 : 0;
  const { db } = ctx;
  await db.batch([
    db.run(insertAssessments(ctx, [row])),
    db.run(rollupDelta(ctx.project.id, idsOf([row]), "+")),
  ]);
  return { ...out, assessmentId: row.id };
}
