/**
 * Executes Hrana stream requests (everything but `close`, which belongs to the stream layer) on one
 * `libsql` connection. All of it is synchronous: the caller holds the database lock.
 */
import type Database from "libsql";
import type {
  Batch,
  BatchCond,
  BatchResult,
  DescribeResult,
  ProtoError,
  Stmt,
  StmtResult,
  StreamRequest,
  StreamResult,
} from "./protocol.ts";
import { analyzeSql, type SqlInfo } from "./sql.ts";
import { type SqlValue, valueFromSql, valueToSql } from "./values.ts";

export type Connection = Database.Database;

/** The per-stream state the requests operate on. */
export type StreamContext = {
  readonly db: Connection;
  /** SQL texts stored with `store_sql`; their scope is the stream. */
  readonly sqls: Map<number, string>;
  /** Inside `BEGIN READONLY`, which embedded libsql accepts but does not enforce (see below). */
  readOnlyTransaction: boolean;
};

/** An error reported to the client as a Hrana `Error` with a machine-readable code. */
export class HranaError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

export function toProtoError(error: unknown): ProtoError {
  if (error instanceof Error) {
    // `libsql` errors carry SQLite's extended code name, e.g. "SQLITE_CONSTRAINT_UNIQUE".
    const code = "code" in error && typeof error.code === "string" ? error.code : "INTERNAL_ERROR";
    return { message: error.message, code };
  }
  return { message: String(error), code: "INTERNAL_ERROR" };
}

export function executeRequest(
  ctx: StreamContext,
  request: Exclude<StreamRequest, { type: "close" }>,
): StreamResult {
  try {
    switch (request.type) {
      case "execute":
        return ok({ type: "execute", result: executeStmt(ctx, request.stmt) });
      case "batch":
        return ok({ type: "batch", result: executeBatch(ctx, request.batch) });
      case "sequence":
        try {
          ctx.db.exec(resolveSql(ctx, request));
        } finally {
          syncReadOnly(ctx, false);
        }
        return ok({ type: "sequence" });
      case "describe":
        return ok({ type: "describe", result: describe(ctx.db, resolveSql(ctx, request)) });
      case "store_sql":
        if (ctx.sqls.has(request.sql_id)) {
          throw new HranaError(`SQL text with id ${request.sql_id} is already stored`, "PROTOCOL_ERROR");
        }
        ctx.sqls.set(request.sql_id, request.sql);
        return ok({ type: "store_sql" });
      case "close_sql":
        ctx.sqls.delete(request.sql_id);
        return ok({ type: "close_sql" });
      case "get_autocommit":
        return ok({ type: "get_autocommit", is_autocommit: !ctx.db.inTransaction });
    }
  } catch (error) {
    return { type: "error", error: toProtoError(error) };
  }
}

function ok(response: Extract<StreamResult, { type: "ok" }>["response"]): StreamResult {
  return { type: "ok", response };
}

function resolveSql(ctx: StreamContext, source: { sql?: string | null; sql_id?: number | null }): string {
  if (typeof source.sql === "string") return source.sql;
  const sql = source.sql_id === undefined || source.sql_id === null ? undefined : ctx.sqls.get(source.sql_id);
  if (sql === undefined)
    throw new HranaError(`SQL text with id ${source.sql_id} is not stored`, "SQL_NOT_FOUND");
  return sql;
}

function analyzeSingleStatement(sql: string): SqlInfo {
  const info = analyzeSql(sql);
  if (info.statementCount === 0) {
    throw new HranaError("SQL string does not contain any statement", "SQL_NO_STATEMENT");
  }
  if (info.statementCount > 1) {
    throw new HranaError("SQL string contains more than one statement", "SQL_MANY_STATEMENTS");
  }
  return info;
}

export function executeStmt(ctx: StreamContext, stmt: Stmt): StmtResult {
  const sql = resolveSql(ctx, stmt);
  const info = analyzeSingleStatement(sql);
  const args = bindArgs(info, stmt);
  const started = performance.now();
  try {
    return runStmt(ctx, sql, info, args, stmt.want_rows !== false, started);
  } finally {
    syncReadOnly(ctx, info.keyword === "BEGIN" && /\bREADONLY\b/i.test(sql));
  }
}

/**
 * `transaction("read")` sends `BEGIN TRANSACTION READONLY`: Turso rejects writes inside it, the
 * embedded libsql does not, so the stream sets `query_only` for the duration of the transaction.
 */
function syncReadOnly(ctx: StreamContext, begunReadOnly: boolean): void {
  const wanted = ctx.db.inTransaction && (ctx.readOnlyTransaction || begunReadOnly);
  if (wanted === ctx.readOnlyTransaction) return;
  ctx.db.prepare(`PRAGMA query_only = ${wanted ? 1 : 0}`).run([]);
  ctx.readOnlyTransaction = wanted;
}

function runStmt(
  ctx: StreamContext,
  sql: string,
  info: SqlInfo,
  args: SqlValue[],
  wantRows: boolean,
  started: number,
): StmtResult {
  const prepared = ctx.db.prepare(sql);
  let cols: StmtResult["cols"] = [];
  let rows: StmtResult["rows"] = [];
  let rowsRead = 0;
  if (prepared.reader) {
    prepared.raw(true);
    prepared.safeIntegers(true);
    cols = prepared.columns().map((col) => ({ name: col.name, decltype: col.type ?? null }));
    const raw = prepared.all(args);
    rowsRead = raw.length;
    if (wantRows) rows = raw.map(decodeRow);
  } else {
    prepared.run(args);
  }
  // Like sqld: changes only for INSERT/UPDATE/DELETE (sqlite3_changes() is stale after other
  // statements), the rowid only for INSERT. Read back exactly, as `run()` returns the rowid as a
  // lossy JS number.
  let affected = 0;
  let lastInsertRowid: string | null = null;
  if (info.kind === "insert" || info.kind === "update" || info.kind === "delete") {
    const [changes, rowid] = changesAndRowid(ctx.db);
    affected = Number(changes);
    if (info.kind === "insert") lastInsertRowid = rowid.toString();
  }
  return {
    cols,
    rows,
    affected_row_count: affected,
    last_insert_rowid: lastInsertRowid,
    rows_read: rowsRead,
    rows_written: affected,
    query_duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
  };
}

function decodeRow(row: unknown): StmtResult["rows"][number] {
  if (!Array.isArray(row)) throw new TypeError("libsql returned a row that is not an array");
  return row.map(valueFromSql);
}

const changesStatements = new WeakMap<Connection, Database.Statement>();

function changesAndRowid(db: Connection): [bigint, bigint] {
  let statement = changesStatements.get(db);
  if (statement === undefined) {
    statement = db.prepare("SELECT changes(), last_insert_rowid()");
    statement.raw(true);
    statement.safeIntegers(true);
    changesStatements.set(db, statement);
  }
  const [row] = statement.all([]);
  if (Array.isArray(row) && typeof row[0] === "bigint" && typeof row[1] === "bigint") return [row[0], row[1]];
  throw new TypeError("unexpected result of SELECT changes(), last_insert_rowid()");
}

/**
 * Builds the positional argument list: named arguments are placed at their parameter's index
 * (taking precedence over positional ones). Names may carry their `:`/`@`/`$` prefix or not. The
 * `libsql` package can bind by name too, but it silently ignores prefixed names and aborts the
 * process on a name it cannot find, so binding is always positional.
 */
function bindArgs(info: SqlInfo, stmt: Stmt): SqlValue[] {
  const args = stmt.args ?? [];
  if (args.length > info.params.length) {
    throw new HranaError(
      `The statement has ${info.params.length} parameter(s), but ${args.length} argument(s) were given`,
      "ARGS_INVALID",
    );
  }
  const bound = args.map(valueToSql);
  for (const { name, value } of stmt.named_args ?? []) {
    const candidates = /^[:@$#?]/.test(name) ? [name] : [`:${name}`, `@${name}`, `$${name}`, `?${name}`];
    const index = info.params.findIndex((param) => param !== null && candidates.includes(param));
    if (index < 0) throw new HranaError(`The statement has no parameter named ${name}`, "ARGS_INVALID");
    while (bound.length < index) bound.push(null);
    bound[index] = valueToSql(value);
  }
  return bound;
}

function executeBatch(ctx: StreamContext, batch: Batch): BatchResult {
  const result: BatchResult = { step_results: [], step_errors: [] };
  batch.steps.forEach((step, index) => {
    if (step.condition) checkCondSteps(step.condition, index);
  });
  for (const step of batch.steps) {
    if (step.condition && !evalCond(step.condition, result, ctx.db)) {
      result.step_results.push(null);
      result.step_errors.push(null);
      continue;
    }
    try {
      result.step_results.push(executeStmt(ctx, step.stmt));
      result.step_errors.push(null);
    } catch (error) {
      result.step_results.push(null);
      result.step_errors.push(toProtoError(error));
    }
  }
  return result;
}

function checkCondSteps(cond: BatchCond, index: number): void {
  if ((cond.type === "ok" || cond.type === "error") && cond.step >= index) {
    throw new HranaError(
      `Condition of batch step ${index} refers to later step ${cond.step}`,
      "BATCH_COND_BAD_STEP",
    );
  }
  if (cond.type === "not") checkCondSteps(cond.cond, index);
  if (cond.type === "and" || cond.type === "or") for (const c of cond.conds) checkCondSteps(c, index);
}

function evalCond(cond: BatchCond, result: BatchResult, db: Connection): boolean {
  switch (cond.type) {
    case "ok":
      return result.step_results[cond.step] != null;
    case "error":
      return result.step_errors[cond.step] != null;
    case "not":
      return !evalCond(cond.cond, result, db);
    case "and":
      return cond.conds.every((c) => evalCond(c, result, db));
    case "or":
      return cond.conds.some((c) => evalCond(c, result, db));
    case "is_autocommit":
      return !db.inTransaction;
  }
}

// sqlite3_stmt_readonly() is not exposed by `libsql`, and inspecting the EXPLAIN output is not an
// option either: reading a P4 operand that is not valid UTF-8 (e.g. of `x'ff'`) aborts the process
// inside libsql. So this is lexical: queries and transaction control are read-only.
const READONLY_KEYWORDS = new Set([
  "SELECT",
  "VALUES",
  "EXPLAIN",
  "BEGIN",
  "COMMIT",
  "END",
  "ROLLBACK",
  "SAVEPOINT",
  "RELEASE",
]);

function describe(db: Connection, sql: string): DescribeResult {
  const info = analyzeSingleStatement(sql);
  const prepared = db.prepare(sql);
  const cols = prepared.reader
    ? prepared.columns().map((c) => ({ name: c.name, decltype: c.type ?? null }))
    : [];
  return {
    params: info.params.map((name) => ({ name })),
    cols,
    is_explain: info.isExplain,
    is_readonly:
      info.kind === "select" || (info.keyword !== undefined && READONLY_KEYWORDS.has(info.keyword)),
  };
}
