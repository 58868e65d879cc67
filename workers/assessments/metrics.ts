import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { ProjectContext } from "../auth/context";
import { bucketRange } from "../lib/time-buckets";

const Figures = {
  count: z.number().int().openapi({ description: "Feedback counted (errors included)." }),
  mean: z.number().nullable().openapi({ description: "Mean score of the feedback with a numeric score." }),
  stddev: z.number().nullable().openapi({ description: "Their standard deviation (population)." }),
  passRate: z.number().nullable().openapi({ description: "Passes over feedback with a pass/fail." }),
  errors: z.number().int().openapi({ description: "Feedback that is an error (no value)." }),
};

export const ScoreMetricsSchema = z
  .object({
    granularity: z.enum(["hour", "day"]),
    names: z.array(z.string()).openapi({ description: "The feedback names with any score in the range." }),
    series: z.array(z.object({ name: z.string(), time: z.string(), ...Figures })),
    totals: z.array(z.object({ name: z.string(), ...Figures })),
  })
  .openapi("ScoreMetrics");
export type ScoreMetrics = z.infer<typeof ScoreMetricsSchema>;

type Sums = {
  count: number;
  scored: number;
  sum: number;
  sumSquares: number;
  judged: number;
  passes: number;
  errors: number;
};
type Row = Sums & { t: number; name: string };

function figures(s: Sums) {
  const mean = s.scored > 0 ? s.sum / s.scored : null;
  const variance = mean === null ? null : Math.max(0, s.sumSquares / s.scored - mean * mean);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);
  return {
    count: s.count,
    mean: round(mean),
    stddev: round(variance === null ? null : Math.sqrt(variance)),
    passRate: round(s.judged > 0 ? s.passes / s.judged : null),
    errors: s.errors,
  };
}

const add = (a: Sums, b: Sums): Sums => ({
  count: a.count + b.count,
  scored: a.scored + b.scored,
  sum: a.sum + b.sum,
  sumSquares: a.sumSquares + b.sumSquares,
  judged: a.judged + b.judged,
  passes: a.passes + b.passes,
  errors: a.errors + b.errors,
});
const ZERO: Sums = { count: 0, scored: 0, sum: 0, sumSquares: 0, judged: 0, passes: 0, errors: 0 };

/**
 * Feedback scores over time, per name, from the score rollups only (one range of their primary
 * key per name): mean and spread of numeric scores, pass rate, errors. Buckets start at `from`
 * rounded down to its hour or day; only buckets with feedback are listed.
 */
export async function scoreMetrics({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: {
    from?: number | undefined;
    to?: number | undefined;
    granularity: "hour" | "day";
    name?: string | undefined;
  };
}): Promise<ScoreMetrics> {
  const { granularity } = input;
  const { start, to, size } = bucketRange(input, ctx.services.clock.now());
  const rows = await ctx.db.all<Row>(sql`
    select name, hour - hour % ${size} as t, sum(count) as count, sum(scored) as scored, total(sum) as sum,
      total(sum_squares) as sumSquares, sum(judged) as judged, sum(passes) as passes, sum(errors) as errors
    from score_rollups
    where project_id = ${ctx.project.id} ${input.name === undefined ? sql`` : sql`and name = ${input.name}`}
      and hour >= ${start} and hour < ${to}
    group by name, t having sum(count) > 0 order by name, t`);
  const totals = new Map<string, Sums>();
  const series: ScoreMetrics["series"] = [];
  for (const r of rows) {
    const sums: Sums = {
      count: Number(r.count),
      scored: Number(r.scored),
      sum: Number(r.sum),
      sumSquares: Number(r.sumSquares),
      judged: Number(r.judged),
      passes: Number(r.passes),
      errors: Number(r.errors),
    };
    totals.set(r.name, add(totals.get(r.name) ?? ZERO, sums));
    series.push({ name: r.name, time: new Date(Number(r.t)).toISOString(), ...figures(sums) });
  }
  return {
    granularity,
    names: [...totals.keys()],
    series,
    totals: [...totals].map(([name, s]) => ({ name, ...figures(s) })),
  };
}
