import { and, eq } from "drizzle-orm";
import { evalRuns } from "../../schema";
import type { ProjectScope } from "../auth/context";
import { findFirst } from "../lib/db";
import { ApiError } from "../lib/errors";

export type RunRow = typeof evalRuns.$inferSelect;

export async function getRunInProject(ctx: ProjectScope, runId: string): Promise<RunRow> {
  const run = await findFirst(
    ctx.db,
    evalRuns,
    and(eq(evalRuns.id, runId), eq(evalRuns.projectId, ctx.project.id)),
  );
  if (!run) throw ApiError.notFound("Evaluation run");
  return run;
}

/** Every scorer name of a run: its registered scorers', then its code scorers'. */
export const scorerNamesOf = (run: Pick<RunRow, "scorers" | "codeScorers">): string[] => [
  ...run.scorers.map((s) => s.name),
  ...run.codeScorers,
];
