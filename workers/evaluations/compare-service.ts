import { sql } from "drizzle-orm";
import type { ProjectContext } from "../auth/context";
import { ApiError } from "../lib/errors";
import { type Cell, compareRuns, type RunValues, verdictText } from "./compare";
import { comparedOutputs } from "./compare-outputs";
import { getRunInProject, scorerNamesOf } from "./lookup";

/** At most this many changed records per comparison in the answer. */
const RECORDS_SHOWN = 500;

async function valuesOf(ctx: ProjectContext, runId: string): Promise<RunValues> {
  const rows =
    (await ctx.db.all(sql`select i.row_key as rowKey, a.name as name, a.score as score, a.passed as passed
    from eval_items i join assessments a on a.id = i.assessment_id
    where i.run_id = ${runId} and a.project_id = ${ctx.project.id} and a.error_code is null and a.score is not null`)) as {
      rowKey: string;
      name: string;
      score: number;
      passed: number | null;
    }[];
  const out: RunValues = new Map();
  for (const r of rows) {
    const byScorer = out.get(r.rowKey) ?? new Map<string, Cell>();
    const cell = byScorer.get(r.name) ?? { scores: [], passed: [] };
    cell.scores.push(r.score);
    cell.passed.push(r.passed === null ? null : r.passed === 1);
    byScorer.set(r.name, cell);
    out.set(r.rowKey, byScorer);
  }
  return out;
}

/**
 * Compares each later run with the first over the records they share, scorer by scorer (by name,
 * registered and code scorers alike), with both runs' outputs for the changed records.
 */
export async function compareEvaluations({ ctx, input }: { ctx: ProjectContext; input: { runs: string[] } }) {
  if (new Set(input.runs).size !== input.runs.length)
    throw new ApiError("INVALID_INPUT", "Invalid query. runs: give each run once.");
  const runs = await Promise.all(input.runs.map((id) => getRunInProject(ctx, id)));
  const [baseline, ...candidates] = runs;
  if (!baseline) throw new ApiError("INVALID_INPUT", "Invalid query. runs: give at least two runs.");
  const baseValues = await valuesOf(ctx, baseline.id);
  const comparisons = await Promise.all(
    candidates.map(async (candidate) => {
      const baseNames = scorerNamesOf(baseline);
      const names = scorerNamesOf(candidate).filter((n) => baseNames.includes(n));
      const result = compareRuns(baseValues, await valuesOf(ctx, candidate.id), names);
      const records = result.records.slice(0, RECORDS_SHOWN);
      return {
        candidate: candidate.id,
        pairs: result.pairs,
        metrics: result.metrics.map((m) => ({ ...m, summary: verdictText(m) })),
        familywise: result.familywise,
        records,
        recordsTotal: result.records.length,
        outputs: await comparedOutputs(
          ctx,
          { baseline, candidate },
          records.map((r) => r.rowKey),
        ),
      };
    }),
  );
  return { baseline: baseline.id, comparisons };
}
