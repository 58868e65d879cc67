import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Client, type Config, createClient, LibsqlBatchError, LibsqlError } from "@libsql/client/web";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { analyzeSql } from "./libsql/sql.ts";
import { type LibsqlServer, type LibsqlServerOptions, startLibsqlServer } from "./libsql-server.ts";

let dir: string;
let servers: LibsqlServer[];
let clients: Client[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sightline-libsql-server-"));
  servers = [];
  clients = [];
});

afterEach(async () => {
  for (const client of clients) client.close();
  await Promise.all(servers.map((server) => server.close()));
  await rm(dir, { recursive: true, force: true });
});

async function start(opts: Partial<LibsqlServerOptions> = {}): Promise<LibsqlServer> {
  const server = await startLibsqlServer({ file: join(dir, "nested", "test.db"), port: 0, ...opts });
  servers.push(server);
  return server;
}

function connect(server: LibsqlServer, config: Partial<Config> = {}): Client {
  const client = createClient({ url: server.url, ...config });
  clients.push(client);
  return client;
}

async function count(client: Client, table: string): Promise<number> {
  const result = await client.execute(`SELECT count(*) AS n FROM ${table}`);
  return Number(result.rows[0]?.n);
}

type Json = Record<string, unknown>;

async function pipeline(server: LibsqlServer, body: unknown): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${server.url}/v2/pipeline`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  expect(response.headers.get("content-type")).toBe("application/json");
  return { status: response.status, json: (await response.json()) as Json };
}

function execute(sql: string, args: unknown[] = []): Json {
  return { type: "execute", stmt: { sql, args } };
}

describe("values", () => {
  it("round-trips every value type", async () => {
    const client = connect(await start(), { intMode: "bigint" });
    await client.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, value)");
    const text = "héllo wörld ✓ 日本語 🌍";
    const blob = new Uint8Array([0, 1, 2, 127, 128, 254, 255]);
    const inputs = [
      null,
      9223372036854775807n,
      -9223372036854775808n,
      -42n,
      1.5,
      2.0,
      -0.25,
      text,
      blob,
      new Uint8Array([9, 8, 7]).buffer,
    ];
    for (const value of inputs)
      await client.execute({ sql: "INSERT INTO v (value) VALUES (?)", args: [value] });
    const result = await client.execute("SELECT value, typeof(value) AS type FROM v ORDER BY id");
    const values = result.rows.map((row) => row.value);
    expect(result.rows.map((row) => row.type)).toEqual([
      "null",
      "integer",
      "integer",
      "integer",
      "real",
      "real",
      "real",
      "text",
      "blob",
      "blob",
    ]);
    expect(values.slice(0, 8)).toEqual([
      null,
      9223372036854775807n,
      -9223372036854775808n,
      -42n,
      1.5,
      2,
      -0.25,
      text,
    ]);
    // 2.0 comes back as a float (a JS number), not as an integer (a bigint in this intMode).
    expect(typeof values[5]).toBe("number");
    expect(new Uint8Array(values[8] as ArrayBuffer)).toEqual(blob);
    expect(new Uint8Array(values[9] as ArrayBuffer)).toEqual(new Uint8Array([9, 8, 7]));
  });

  it("returns integers as numbers in the default intMode and keeps columns and decltypes", async () => {
    const client = connect(await start());
    await client.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL)");
    await client.execute({ sql: "INSERT INTO people (name, score) VALUES (?, ?)", args: ["ada", 9.5] });
    const result = await client.execute("SELECT id, name, score, 1 + 1 AS two FROM people");
    expect(result.columns).toEqual(["id", "name", "score", "two"]);
    expect(result.columnTypes).toEqual(["INTEGER", "TEXT", "REAL", ""]);
    expect(result.rows.map((row) => Array.from(row))).toEqual([[1, "ada", 9.5, 2]]);
  });

  it("binds positional and named arguments, with or without the prefix", async () => {
    const client = connect(await start());
    const positional = await client.execute({ sql: "SELECT ?, ?, ?3", args: [1, "two", null] });
    expect(Array.from(positional.rows[0] ?? [])).toEqual([1, "two", null]);

    const sql = "SELECT :a AS a, @b AS b, $c AS c, :a || 'x' AS again";
    const bare = await client.execute({ sql, args: { a: "A", b: 2, c: null } });
    expect(bare.rows[0]).toMatchObject({ a: "A", b: 2, c: null, again: "Ax" });
    const prefixed = await client.execute({ sql, args: { ":a": "P", "@b": 3, $c: "C" } });
    expect(prefixed.rows[0]).toMatchObject({ a: "P", b: 3, c: "C", again: "Px" });

    await expect(client.execute({ sql: "SELECT :a", args: { nope: 1 } })).rejects.toMatchObject({
      code: "ARGS_INVALID",
    });
    await expect(client.execute({ sql: "SELECT ?", args: [1, 2] })).rejects.toMatchObject({
      code: "ARGS_INVALID",
    });
  });
});

describe("statements", () => {
  it("reports rowsAffected and lastInsertRowid like sqld", async () => {
    const client = connect(await start(), { intMode: "bigint" });
    await client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)");
    const first = await client.execute("INSERT INTO t (x) VALUES (10), (20)");
    expect(first.rowsAffected).toBe(2);
    expect(first.lastInsertRowid).toBe(2n);
    const big = await client.execute("INSERT INTO t (id, x) VALUES (9007199254740993, 30)");
    expect(big.lastInsertRowid).toBe(9007199254740993n); // beyond 2^53: must not go through a JS number
    const returning = await client.execute("INSERT INTO t (x) VALUES (40) RETURNING id, x");
    expect(returning.rowsAffected).toBe(1);
    expect(returning.rows.map((row) => Array.from(row))).toEqual([[9007199254740994n, 40n]]);
    const update = await client.execute("UPDATE t SET x = x + 1 WHERE x < 25");
    expect(update.rowsAffected).toBe(2);
    expect(update.lastInsertRowid).toBeUndefined();
    const select = await client.execute("SELECT * FROM t");
    expect(select.rowsAffected).toBe(0);
    expect(select.lastInsertRowid).toBeUndefined();
    const deleted = await client.execute("DELETE FROM t");
    expect(deleted.rowsAffected).toBe(4);
  });

  it("executes several statements with executeMultiple (sequence)", async () => {
    const client = connect(await start());
    await client.executeMultiple(`
      CREATE TABLE a (x TEXT); -- a comment; with a semicolon
      INSERT INTO a VALUES ('1;2');
      INSERT INTO a VALUES ('3');
    `);
    const rows = await client.execute("SELECT x FROM a ORDER BY x");
    expect(rows.rows.map((row) => row.x)).toEqual(["1;2", "3"]);
    await expect(
      client.executeMultiple("INSERT INTO a VALUES ('4'); INSERT INTO missing VALUES (1)"),
    ).rejects.toThrow(/no such table: missing/);
    expect(await count(client, "a")).toBe(3);
  });

  it("rejects several statements in one execute instead of silently dropping the rest", async () => {
    const client = connect(await start());
    await client.execute("CREATE TABLE t (x)");
    await expect(client.execute("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)")).rejects.toMatchObject({
      code: "SQL_MANY_STATEMENTS",
    });
    expect(await count(client, "t")).toBe(0);
    // A trigger body contains semicolons (and CASE ... END) but is one statement.
    await client.execute(`CREATE TRIGGER tr AFTER INSERT ON t BEGIN
      INSERT INTO t SELECT CASE WHEN new.x < 2 THEN new.x + 1 END WHERE new.x < 2; END;`);
    await client.execute("INSERT INTO t VALUES (1)");
    expect(await count(client, "t")).toBe(2);
  });

  it("surfaces SQL errors with the SQLite error code", async () => {
    const client = connect(await start());
    await client.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
    await client.execute("CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))");
    await expect(client.execute("SELEKT 1")).rejects.toMatchObject({ code: "SQLITE_ERROR" });
    // foreign_keys=ON on every connection
    await expect(client.execute("INSERT INTO child VALUES (42)")).rejects.toMatchObject({
      code: "SQLITE_CONSTRAINT_FOREIGNKEY",
    });
  });
  it("gives every stream a connection in a fresh state", async () => {
    const client = connect(await start());
    await client.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
    await client.execute("CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))");
    // Each execute() is a stream of its own; connections are reused once their stream is closed.
    await client.execute("PRAGMA foreign_keys = OFF");
    await client.execute("PRAGMA query_only = ON");
    await client.execute("CREATE TEMP TABLE scratch (x)");
    await expect(client.execute("SELECT * FROM scratch")).rejects.toThrow(/no such table: scratch/);
    await expect(client.execute("INSERT INTO child VALUES (42)")).rejects.toMatchObject({
      code: "SQLITE_CONSTRAINT_FOREIGNKEY",
    });
    await client.execute("INSERT INTO parent VALUES (42)");
    await client.execute("INSERT INTO child VALUES (42)");
  });
});

describe("batches and transactions", () => {
  it("runs batch() atomically", async () => {
    const client = connect(await start());
    await client.execute("CREATE TABLE u (x TEXT UNIQUE)");
    const results = await client.batch(
      [
        "INSERT INTO u VALUES ('a')",
        { sql: "INSERT INTO u VALUES (?)", args: ["b"] },
        "SELECT count(*) AS n FROM u",
      ],
      "write",
    );
    expect(results.map((r) => r.rowsAffected)).toEqual([1, 1, 0]);
    expect(results[2]?.rows[0]?.n).toBe(2);

    const failing = client.batch(
      ["INSERT INTO u VALUES ('c')", "INSERT INTO u VALUES ('d')", "INSERT INTO u VALUES ('a')"],
      "write",
    );
    await expect(failing).rejects.toBeInstanceOf(LibsqlBatchError);
    await expect(failing).rejects.toMatchObject({ code: "SQLITE_CONSTRAINT_UNIQUE", statementIndex: 2 });
    const rows = await client.execute("SELECT x FROM u ORDER BY x");
    expect(rows.rows.map((row) => row.x)).toEqual(["a", "b"]);
  });

  it("commits and rolls back interactive transactions", async () => {
    const client = connect(await start());
    await client.execute("CREATE TABLE u (x TEXT UNIQUE)");

    const tx = await client.transaction("write");
    await tx.execute("INSERT INTO u VALUES ('one')");
    const inside = await tx.execute("SELECT count(*) AS n FROM u");
    expect(inside.rows[0]?.n).toBe(1);
    await tx.commit();
    expect(await count(client, "u")).toBe(1);

    const failing = await client.transaction("write");
    await failing.execute("INSERT INTO u VALUES ('two')");
    await expect(failing.execute("INSERT INTO u VALUES ('one')")).rejects.toMatchObject({
      code: "SQLITE_CONSTRAINT_UNIQUE",
    });
    await failing.rollback();
    const rows = await client.execute("SELECT x FROM u");
    expect(rows.rows.map((row) => row.x)).toEqual(["one"]);
  });

  it("rejects writes inside a read transaction, like Turso", async () => {
    const client = connect(await start());
    await client.execute("CREATE TABLE t (x)");
    const tx = await client.transaction("read");
    await expect(tx.execute("INSERT INTO t VALUES (1)")).rejects.toMatchObject({
      code: expect.stringMatching(/^SQLITE_READONLY/),
    });
    expect((await tx.execute("SELECT count(*) AS n FROM t")).rows[0]?.n).toBe(0);
    await tx.commit();
    await client.execute("INSERT INTO t VALUES (2)"); // later streams (same pooled connection) can write
    expect(await count(client, "t")).toBe(1);
  });

  it("makes a writer wait for another client's transaction instead of deadlocking", async () => {
    const server = await start();
    const a = connect(server);
    const b = connect(server);
    await a.execute("CREATE TABLE t (who TEXT)");

    const tx = await a.transaction("write");
    await tx.execute("INSERT INTO t VALUES ('a')");
    let bDone = false;
    const bWrite = b.execute("INSERT INTO t VALUES ('b')").then((result) => {
      bDone = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bDone).toBe(false); // blocked behind A's open transaction...
    await tx.execute("INSERT INTO t VALUES ('a2')"); // ...while A can still use its stream
    await tx.commit();
    expect((await bWrite).rowsAffected).toBe(1);
    const rows = await b.execute("SELECT who FROM t ORDER BY rowid");
    expect(rows.rows.map((row) => row.who)).toEqual(["a", "a2", "b"]);
  });

  it("handles many concurrent clients", async () => {
    const server = await start();
    const setup = connect(server);
    await setup.execute("CREATE TABLE t (client INTEGER, n INTEGER)");
    const writers = Array.from({ length: 5 }, (_, c) => {
      const client = connect(server);
      return Promise.all(
        Array.from({ length: 50 }, (_, n) =>
          client.execute({ sql: "INSERT INTO t VALUES (?, ?)", args: [c, n] }),
        ),
      );
    });
    const tx = (async () => {
      const t = await setup.transaction("write");
      await t.execute("INSERT INTO t VALUES (99, 0)");
      await t.execute("INSERT INTO t VALUES (99, 1)");
      await t.commit();
    })();
    await Promise.all([...writers, tx]);
    expect(await count(setup, "t")).toBe(252);
    const perClient = await setup.execute("SELECT client, count(DISTINCT n) AS n FROM t GROUP BY client");
    expect(perClient.rows.map((row) => [row.client, row.n])).toEqual([
      [0, 50],
      [1, 50],
      [2, 50],
      [3, 50],
      [4, 50],
      [99, 2],
    ]);
  });

  it("rolls back and frees an abandoned transaction after the idle timeout", async () => {
    const server = await start({ idleTimeoutMs: 200 });
    const client = connect(server);
    await client.execute("CREATE TABLE t (x)");
    const begin = await pipeline(server, {
      baton: null,
      requests: [execute("BEGIN IMMEDIATE"), execute("INSERT INTO t VALUES (1)")],
    });
    expect(begin.json.baton).toEqual(expect.any(String));
    // The other client's write waits for the abandoned stream to expire, then succeeds.
    await client.execute("INSERT INTO t VALUES (2)");
    const rows = await client.execute("SELECT x FROM t");
    expect(rows.rows.map((row) => row.x)).toEqual([2]);
    const late = await pipeline(server, { baton: begin.json.baton, requests: [execute("COMMIT")] });
    expect(late.status).toBe(400);
  });
});

describe("HTTP protocol", () => {
  it("answers version probes and rejects bad requests", async () => {
    const server = await start();
    expect((await fetch(`${server.url}/v2`)).status).toBe(200);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/v3`)).status).toBe(404);
    expect((await fetch(`${server.url}/v3-protobuf`)).status).toBe(404);
    expect((await fetch(`${server.url}/v2/pipeline`)).status).toBe(405);

    const malformed = await pipeline(server, "{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.json.message).toMatch(/not valid JSON/);
    for (const body of ["[]", "42", '"x"', "null", '{"requests": [{"type": "nope"}]}']) {
      const response = await pipeline(server, body);
      expect(response.status).toBe(400);
      expect(response.json.message).toEqual(expect.any(String));
    }
    const badValue = await pipeline(server, {
      requests: [{ type: "execute", stmt: { sql: "SELECT ?", args: [{ type: "integer", value: "1e3" }] } }],
    });
    expect(badValue.status).toBe(400);

    const unknown = await pipeline(server, { baton: "not-a-baton", requests: [execute("SELECT 1")] });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ message: expect.any(String), code: "STREAM_EXPIRED" });
  });

  it("continues a stream with its baton, and forgets it after close", async () => {
    const server = await start();
    const client = connect(server);
    await client.execute("CREATE TABLE t (x)");

    const first = await pipeline(server, { baton: null, requests: [execute("BEGIN")] });
    expect(first.status).toBe(200);
    const baton1 = first.json.baton as string;
    expect(baton1).toMatch(/^[\w-]{20,}$/);
    const second = await pipeline(server, {
      baton: baton1,
      requests: [
        execute("INSERT INTO t VALUES (?)", [{ type: "integer", value: "7" }]),
        { type: "get_autocommit" },
      ],
    });
    expect(second.json.results).toEqual([
      {
        type: "ok",
        response: { type: "execute", result: expect.objectContaining({ affected_row_count: 1 }) },
      },
      { type: "ok", response: { type: "get_autocommit", is_autocommit: false } },
    ]);
    const baton2 = second.json.baton as string;
    expect(baton2).not.toBe(baton1);
    // A baton is good for one request only.
    expect((await pipeline(server, { baton: baton1, requests: [] })).status).toBe(400);

    const third = await pipeline(server, { baton: baton2, requests: [execute("COMMIT"), { type: "close" }] });
    expect(third.json).toMatchObject({ baton: null, base_url: null });
    expect(await count(client, "t")).toBe(1);
    expect((await pipeline(server, { baton: third.json.baton ?? baton2, requests: [] })).status).toBe(400);
  });

  it("executes every request type of the pipeline", async () => {
    const server = await start();
    const { status, json } = await pipeline(server, {
      baton: null,
      requests: [
        {
          type: "sequence",
          sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('a')",
        },
        { type: "store_sql", sql_id: 0, sql: "SELECT name FROM t WHERE id = :id" },
        {
          type: "execute",
          stmt: { sql_id: 0, named_args: [{ name: "id", value: { type: "integer", value: "1" } }] },
        },
        { type: "execute", stmt: { sql_id: 0, args: [{ type: "float", value: 1 }], want_rows: false } },
        { type: "describe", sql_id: 0 },
        { type: "describe", sql: "INSERT INTO t (name) VALUES (?)" },
        { type: "close_sql", sql_id: 0 },
        { type: "execute", stmt: { sql_id: 0 } },
        execute("SELECT * FROM missing"),
        { type: "close" },
        execute("SELECT 1"),
      ],
    });
    expect(status).toBe(200);
    expect(json.baton).toBeNull();
    const results = json.results as Json[];
    expect(results.map((r) => r.type)).toEqual([
      "ok",
      "ok",
      "ok",
      "ok",
      "ok",
      "ok",
      "ok",
      "error",
      "error",
      "ok",
      "error",
    ]);
    expect(results[2]).toMatchObject({
      response: {
        type: "execute",
        result: {
          cols: [{ name: "name", decltype: "TEXT" }],
          rows: [[{ type: "text", value: "a" }]],
          affected_row_count: 0,
          last_insert_rowid: null,
          rows_read: 1,
          rows_written: 0,
          query_duration_ms: expect.any(Number),
        },
      },
    });
    expect(results[3]).toMatchObject({ response: { result: { rows: [] } } });
    expect(results[4]).toMatchObject({
      response: {
        type: "describe",
        result: { params: [{ name: ":id" }], cols: [{ name: "name", decltype: "TEXT" }], is_readonly: true },
      },
    });
    expect(results[5]).toMatchObject({
      response: { result: { params: [{ name: null }], cols: [], is_explain: false, is_readonly: false } },
    });
    expect(results[8]).toMatchObject({
      error: { message: expect.stringMatching(/no such table/), code: "SQLITE_ERROR" },
    });
    expect(results[10]).toMatchObject({ error: { code: "STREAM_CLOSED" } });
  });

  it("evaluates batch conditions", async () => {
    const server = await start();
    const step = (sql: string, condition?: Json): Json => ({
      stmt: { sql },
      ...(condition ? { condition } : {}),
    });
    const { json } = await pipeline(server, {
      requests: [
        {
          type: "batch",
          batch: {
            steps: [
              step("SELECT 1"),
              step("SELECT nope"),
              step("SELECT 2", { type: "ok", step: 1 }),
              step("SELECT 3", { type: "error", step: 1 }),
              step("SELECT 4", {
                type: "and",
                conds: [
                  { type: "ok", step: 0 },
                  { type: "not", cond: { type: "ok", step: 2 } },
                ],
              }),
              step("SELECT 5", {
                type: "or",
                conds: [
                  { type: "ok", step: 2 },
                  { type: "error", step: 2 },
                ],
              }),
              step("SELECT 6", { type: "is_autocommit" }),
            ],
          },
        },
      ],
    });
    const [batch] = json.results as {
      response: { result: { step_results: unknown[]; step_errors: unknown[] } };
    }[];
    const { step_results, step_errors } = batch?.response.result ?? { step_results: [], step_errors: [] };
    expect(step_results.map((r) => r !== null)).toEqual([true, false, false, true, true, false, true]);
    expect(step_errors.map((e) => e !== null)).toEqual([false, true, false, false, false, false, false]);
  });

  it("does not crash on named arguments for anonymous parameters", async () => {
    const server = await start();
    const { json } = await pipeline(server, {
      requests: [
        { type: "execute", stmt: { sql: "SELECT ?", named_args: [{ name: "a", value: { type: "null" } }] } },
        execute("SELECT 1"),
      ],
    });
    expect((json.results as Json[]).map((r) => r.type)).toEqual(["error", "ok"]);
  });

  it("requires the auth token when configured", async () => {
    const server = await start({ authToken: "s3cret" });
    await expect(connect(server).execute("SELECT 1")).rejects.toBeInstanceOf(LibsqlError);
    await expect(connect(server, { authToken: "wrong" }).execute("SELECT 1")).rejects.toThrow(/401|token/);
    const ok = await connect(server, { authToken: "s3cret" }).execute("SELECT 1 AS one");
    expect(ok.rows[0]?.one).toBe(1);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe("persistence", () => {
  it("keeps the data in the file across restarts", async () => {
    const file = join(dir, "persist.db");
    const first = await start({ file });
    const client = connect(first);
    await client.execute("CREATE TABLE t (x TEXT)");
    await client.execute("INSERT INTO t VALUES ('kept')");
    client.close();
    await first.close();

    const second = await start({ file });
    const rows = await connect(second).execute("SELECT x FROM t");
    expect(rows.rows.map((row) => row.x)).toEqual(["kept"]);
    const mode = await connect(second).execute("PRAGMA journal_mode");
    expect(mode.rows[0]?.journal_mode).toBe("wal");
  });
});

describe("SQL analysis", () => {
  it("numbers parameters like SQLite", () => {
    // Expected values taken from SQLite itself (the Variable opcodes of EXPLAIN).
    expect(analyzeSql("SELECT ?, :a, ?5, @b, :a, ?, $c::d(x), $e(f), #g").params).toEqual([
      null,
      ":a",
      null,
      null,
      "?5",
      "@b",
      null,
      "$c::d(x)",
      "$e(f)",
      "#g",
    ]);
    expect(analyzeSql("SELECT ?2, ?1, ?").params).toEqual(["?1", "?2", null]);
    // Not parameters: inside strings, identifiers and comments, or not followed by a name.
    const quoted = analyzeSql(
      `SELECT ':a', "?", [@b], \`$c\`, x'3f' -- :d ?\n /* ? */ FROM t WHERE a = :e AND b = "x:y"`,
    );
    expect(quoted.params).toEqual([":e"]);
  });

  it("counts statements and classifies the first one", () => {
    expect(analyzeSql("SELECT 1; ; -- done").statementCount).toBe(1);
    expect(analyzeSql(" ;; /* nothing */ ").statementCount).toBe(0);
    expect(analyzeSql("SELECT ';'; SELECT 2").statementCount).toBe(2);
    const trigger =
      "CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT CASE WHEN 1 THEN 2 END; DELETE FROM b; END";
    expect(analyzeSql(`${trigger};`).statementCount).toBe(1);
    expect(analyzeSql(`${trigger}; SELECT 1`).statementCount).toBe(2);
    expect(analyzeSql("insert into t values (1)").kind).toBe("insert");
    expect(analyzeSql("REPLACE INTO t VALUES (1)").kind).toBe("insert");
    expect(analyzeSql("WITH x(a) AS (SELECT 1), y AS MATERIALIZED (DELETE) UPDATE t SET a = 1").kind).toBe(
      "update",
    );
    expect(analyzeSql("WITH RECURSIVE x AS (SELECT 1) SELECT * FROM x").kind).toBe("select");
    expect(analyzeSql("/* c */ DELETE FROM t").kind).toBe("delete");
    expect(analyzeSql("EXPLAIN INSERT INTO t VALUES (1)")).toMatchObject({ kind: "other", isExplain: true });
    expect(analyzeSql("CREATE TABLE t (a)")).toMatchObject({ kind: "other", keyword: "CREATE" });
  });
});
