/**
 * `libsql` connections to the database file. Each stream gets its own connection; opening one
 * costs far more than a typical statement, so connections of closed streams are reset and reused.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "libsql";
import type { Connection } from "./executor.ts";

const MAX_IDLE = 8;

function open(file: string): Connection {
  // timeout 0 = busy_timeout 0: a locked database fails fast (SQLITE_BUSY) instead of blocking
  // the event loop; the server's own lock makes sure its connections never contend.
  const db = new Database(file, { timeout: 0 });
  try {
    db.exec("PRAGMA busy_timeout = 0; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export class ConnectionPool {
  readonly #file: string;
  #idle: Connection[] = [];
  #closed = false;

  /** Creates the parent directory and opens (creating if needed) the file in WAL mode. */
  constructor(file: string) {
    this.#file = file;
    mkdirSync(dirname(file), { recursive: true });
    this.#idle.push(open(file));
  }

  take(): Connection {
    return this.#idle.pop() ?? open(this.#file);
  }

  /** Rolls back, then keeps the connection for reuse unless it carries state a new stream must not see. */
  give(db: Connection): void {
    try {
      if (db.inTransaction) db.exec("ROLLBACK");
      const [tempObjects, foreignKeys, queryOnly] = readState(db);
      if (this.#closed || tempObjects !== 0 || this.#idle.length >= MAX_IDLE) {
        db.close();
        return;
      }
      if (foreignKeys !== 1) db.prepare("PRAGMA foreign_keys = ON").run([]);
      if (queryOnly !== 0) db.prepare("PRAGMA query_only = OFF").run([]);
      this.#idle.push(db);
    } catch {
      closeQuietly(db);
    }
  }

  closeAll(): void {
    this.#closed = true;
    for (const db of this.#idle.splice(0)) closeQuietly(db);
  }
}

const stateStatements = new WeakMap<Connection, Database.Statement>();

/** [temp schema objects, foreign_keys, query_only], with a cached statement (`exec` is slow). */
function readState(db: Connection): unknown[] {
  let statement = stateStatements.get(db);
  if (statement === undefined) {
    statement = db.prepare(
      "SELECT (SELECT count(*) FROM temp.sqlite_schema), (SELECT foreign_keys FROM pragma_foreign_keys), (SELECT query_only FROM pragma_query_only)",
    );
    statement.raw(true);
    stateStatements.set(db, statement);
  }
  const [row] = statement.all([]);
  return Array.isArray(row) ? row : [];
}

function closeQuietly(db: Connection): void {
  try {
    db.close();
  } catch {
    // already closed or unusable: nothing left to release
  }
}
