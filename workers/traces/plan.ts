import { and, eq, type SQL, sql } from "drizzle-orm";
import { traceFacets, traces } from "../../schema";
import { traceText } from "../../schema/search";
import type { Db } from "../lib/db";
import { TRACE_COLUMNS } from "./columns";
import { inLookup, type Lookup, lookupIds, traceConditions } from "./filters";
import type { TraceFilter } from "./schemas";

/** Up to this many matches in the project, a lookup filter drives the query (see planQuery). */
export const DRIVE_LIMIT = 5000;

export type Plan = { where: SQL; driver: Lookup | null };

/**
 * Chooses how to read a filtered page. Lookup filters (facets, text) could be checked row by row
 * while walking a sort index, which is cheap when they match often and a walk through the whole
 * project when they match rarely. So one small query counts each lookup's matches (up to
 * DRIVE_LIMIT, on its own index); the rarest, when under the limit, drives: its row numbers are
 * read first, each trace fetched by its row number, and only those are sorted.
 */
export async function planQuery(
  db: Db,
  projectId: string,
  filter: TraceFilter,
  driveLimit = DRIVE_LIMIT,
): Promise<Plan> {
  const { columns, lookups } = traceConditions(projectId, filter);
  let driver: Lookup | null = null;
  if (lookups.length > 0 && driveLimit > 0) {
    const counts = await db.all<{ i: number; n: number }>(
      sql.join(
        lookups.map(
          (l, i) =>
            sql`select ${i} as i, (select count(*) from (${lookupIds(projectId, l)} limit ${driveLimit})) as n`,
        ),
        sql` union all `,
      ),
    );
    const rarest = counts.map((c) => ({ i: Number(c.i), n: Number(c.n) })).sort((a, b) => a.n - b.n)[0];
    if (rarest && rarest.n < driveLimit) driver = lookups[rarest.i] ?? null;
  }
  const rest = lookups.filter((l) => l !== driver).map((l) => inLookup(projectId, l));
  return { where: and(...columns, ...rest) ?? sql`1 = 0`, driver };
}

function driverIds(db: Db, projectId: string, driver: Lookup) {
  if (driver.kind === "feedback" || driver.kind === "prompt")
    return db
      .select({ id: sql<number>`f.id`.as("trace_row") })
      .from(sql`(${lookupIds(projectId, driver)}) f`)
      .as("driver");
  return driver.kind === "facet"
    ? db
        .select({ id: traceFacets.traceRow })
        .from(traceFacets)
        .where(
          and(
            eq(traceFacets.projectId, projectId),
            eq(traceFacets.facet, driver.facet),
            eq(traceFacets.value, driver.value),
          ),
        )
        .as("driver")
    : db
        // A text row's rowid is its trace's row number; each trace has at most one.
        .select({ id: sql<number>`${traceText}.rowid`.as("trace_row") })
        .from(traceText)
        .where(and(sql`${traceText} match ${driver.phrase}`, eq(traceText.projectId, projectId)))
        .as("driver");
}

/** A page of traces under the plan, plus `where` (the sort run and cursor), in `orderBy`. */
export function selectTraces(
  db: Db,
  projectId: string,
  plan: Plan,
  where: SQL | undefined,
  orderBy: SQL[],
  limit: number,
) {
  const all = and(plan.where, where);
  if (!plan.driver)
    return db
      .select(TRACE_COLUMNS)
      .from(traces)
      .where(all)
      .orderBy(...orderBy)
      .limit(limit);
  const ids = driverIds(db, projectId, plan.driver);
  // CROSS JOIN keeps the driver as the outer loop (SQLite never reorders it).
  return db
    .select(TRACE_COLUMNS)
    .from(ids)
    .crossJoin(traces)
    .where(and(eq(traces.id, ids.id), all))
    .orderBy(...orderBy)
    .limit(limit);
}
