import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../lib/db";

/**
 * Statements deleting traces with their spans, facets and text rows, for one batch. `select`
 * picks the doomed traces as `select id, project_id, trace_id from traces …`; they are fixed
 * first in a temp table because the selection may read facets or text rows the deletes remove.
 * Facet and text rows point at their trace's row number (`traces.id`), so they go by that
 * number. Rollups stay: they are history.
 * The statement at `PURGE_COUNT` reports how many traces were chosen.
 */
export function purgeStatements(db: Db, select: SQL) {
  return [
    db.run(sql.raw("drop table if exists temp.sl_purge")),
    db.run(sql.raw("create temp table sl_purge (id integer primary key, project_id text, trace_id text)")),
    db.run(sql`insert into temp.sl_purge ${select}`),
    db.run(
      sql.raw(
        "delete from spans where (project_id, trace_id) in (select project_id, trace_id from temp.sl_purge)",
      ),
    ),
    db.run(sql.raw("delete from trace_facets where trace_row in (select id from temp.sl_purge)")),
    db.run(sql.raw("delete from trace_text where rowid in (select id from temp.sl_purge)")),
    db.run(sql.raw("delete from traces where id in (select id from temp.sl_purge)")),
    db.run(sql.raw("drop table temp.sl_purge")),
  ] as const;
}

/** Index of the statement in `purgeStatements` whose rowsAffected is the number of traces deleted. */
export const PURGE_COUNT = 2;
