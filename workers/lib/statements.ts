import type { InStatement, InValue, ResultSet } from "@libsql/client/web";
import { SQL, StringChunk } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "./db";

const dialect = new SQLiteAsyncDialect();

type Built = { sql: string; args: InValue[] };

/**
 * A drizzle `sql` statement as the libSQL client takes it, for hot paths with many values (an
 * ingest batch has ~500). Drizzle's compiler tests every chunk against a dozen entity kinds,
 * about 0.7 ms of CPU per 100-span export; here text, nested `sql`, lists and plain values are
 * handled directly, and anything else (tables, columns, names, drizzle params, inlined params)
 * goes through drizzle's compiler for that one chunk, so the text and arguments are the same
 * as drizzle's (statements.test.ts).
 */
export function toStatement(query: SQL): InStatement {
  const out: Built = { sql: "", args: [] };
  append(out, query);
  return out;
}

function append(out: Built, query: SQL): void {
  // `.inlineParams()` marks a statement whose values drizzle writes into the text.
  if ((query as unknown as { shouldInlineParams: boolean }).shouldInlineParams) {
    appendCompiled(out, query);
    return;
  }
  for (const chunk of query.queryChunks) {
    if (chunk instanceof StringChunk) out.sql += chunk.value.join("");
    else if (chunk instanceof SQL) append(out, chunk);
    else if (chunk === undefined) continue;
    else if (Array.isArray(chunk)) {
      // drizzle writes a list as a parenthesised list of its items.
      out.sql += "(";
      chunk.forEach((item, i) => {
        if (i > 0) out.sql += ", ";
        append(out, new SQL([item]));
      });
      out.sql += ")";
    } else if (chunk === null || typeof chunk !== "object") {
      out.sql += "?";
      out.args.push(chunk as InValue);
    } else appendCompiled(out, new SQL([chunk]));
  }
}

function appendCompiled(out: Built, query: SQL): void {
  const compiled = dialect.sqlToQuery(query);
  out.sql += compiled.sql;
  for (const p of compiled.params) out.args.push(p as InValue);
}

/** Runs `statements` as one write batch (one round trip, one transaction) on the database's client. */
export function writeBatch(db: Db, statements: SQL[]): Promise<ResultSet[]> {
  return db.$client.batch(statements.map(toStatement), "write");
}
