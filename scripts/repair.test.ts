/**
 * The one-off repair run after the migrations (scripts/repair.ts), on databases seeded at the
 * migration before it with values as ingest stored them before issue 10's fixes.
 */
import type { Client, InStatement, InValue } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "./migrate.ts";
import { upgradedFrom } from "./migration-history.ts";

/** 2025-01-01 in µs: inside the window ingest accepts. */
const T0 = Date.UTC(2025, 0, 1) * 1000;

describe("repair 0007: values stored before issue 10's fixes", () => {
  let db: Client;
  let url: string;
  let cleanup: () => Promise<void>;
  const HUGE = "9007199254740993";
  const MAX = Number.MAX_SAFE_INTEGER;

  beforeAll(async () => {
    ({ db, url, cleanup } = await upgradedFrom(7, [
      "insert into orgs (id, name, created_at, updated_at) values ('o1', 'Org', 1, 1)",
      "insert into projects (id, org_id, name, created_at, updated_at) values ('p1', 'o1', 'Project', 1, 1)",
      // What ingest stored: strings through `->>` from JSON escapes of lone surrogates.
      trace(1, {
        name: viaJson("ab\ud800cd"),
        session_id: viaJson("chat\udc00"),
        input_preview: viaJson("hi \ud83d\ude00 \ud800 x"),
      }),
      span(1, "s1", { name: viaJson("ab\ud800cd"), inputs: viaJson(`${"x".repeat(5000)}\udbff`) }),
      {
        sql: "insert into trace_text (rowid, text, project_id, trace_id) values (1, ? ->> 0, 'p1', ?)",
        args: [JSON.stringify(["hello \ud800"]), traceId(1)],
      },
      // Two tag values differing only in their broken character: one value once repaired.
      {
        sql: "insert into trace_facets values ('p1', 'tag:env', ? ->> 0, 1)",
        args: [JSON.stringify(["pr\ud800od"])],
      },
      {
        sql: "insert into trace_facets values ('p1', 'tag:env', ? ->> 0, 1)",
        args: [JSON.stringify(["pr\ud801od"])],
      },
      {
        sql: `insert into trace_sessions values ('p1', ? ->> 0, ${T0 + 10}, ${T0 + 20})`,
        args: [JSON.stringify(["chat\udc00"])],
      },
      // A trace in year 9999 sharing a session with one in the window; one before 2000.
      trace(2, {
        start_us: { sql: "253402300799000000" },
        end_us: { sql: "253402300799000000" },
        session_id: "chat-2",
      }),
      span(2, "s2", { start_us: { sql: "253402300799000000" } }),
      trace(5, { start_us: T0 + 100, end_us: T0 + 200, session_id: "chat-2" }),
      `insert into trace_sessions values ('p1', 'chat-2', ${T0 + 100}, 253402300799000000)`,
      "insert into trace_facets values ('p1', 'tag:env', 'prod', 2)",
      `insert into trace_text (rowid, text, project_id, trace_id) values (2, 'far future', 'p1', '${traceId(2)}')`,
      trace(4, { start_us: 1, end_us: 2 }),
      span(4, "s4", { start_us: 1 }),
      // Token counts beyond 2^53, as SQL literals (the Worker could not have read them back).
      trace(3, { input_tokens: { sql: HUGE }, total_tokens: { sql: HUGE } }),
      span(3, "s3", { input_tokens: { sql: HUGE } }),
      `insert into rollups (project_id, hour, model, input_tokens, output_tokens) values ('p1', 0, 'gpt', ${HUGE}, -${HUGE})`,
      // Search text of a project deleted before the fix.
      "insert into trace_text (rowid, text, project_id, trace_id) values (99, 'ssn 123-45-6789', 'p-gone', 'x')",
    ]));
  });

  afterAll(() => cleanup());

  it("leaves every value of every table readable, with U+FFFD for each lone surrogate", async () => {
    const rows = await everyRow(db);
    expect(JSON.stringify(rows)).not.toMatch(/\\ud[89a-f]/);
    const one = await db.execute("select name, session_id, input_preview from traces where id = 1");
    expect(one.rows[0]).toMatchObject({
      name: "ab\ufffdcd",
      session_id: "chat\ufffd",
      input_preview: "hi \u{1f600} \ufffd x",
    });
    const spanRow = await db.execute("select name, inputs from spans where span_id = 's1'");
    expect(spanRow.rows[0]?.name).toBe("ab\ufffdcd");
    expect(spanRow.rows[0]?.inputs).toBe(`${"x".repeat(5000)}\ufffd`);
    const facets = await db.execute("select value from trace_facets where trace_row = 1");
    expect(facets.rows.map((r) => r.value)).toEqual(["pr\ufffdod"]);
    const session = await db.execute(
      "select first_us, last_us from trace_sessions where session_id = 'chat\ufffd'",
    );
    // Recomputed from its trace: a session id that changed may have merged with another.
    expect(session.rows.map((r) => [r.first_us, r.last_us])).toEqual([[T0, T0 + 1000]]);
  });

  it("keeps the search index in step with the repaired text", async () => {
    const text = await db.execute("select rowid, text from trace_text where trace_text match 'hello'");
    expect(text.rows.map((r) => [r.rowid, r.text])).toEqual([[1, "hello \ufffd"]]);
  });

  it("deletes traces outside the accepted window with their rows, and recomputes their sessions", async () => {
    const traces = await db.execute("select id from traces order by id");
    expect(traces.rows.map((r) => r.id)).toEqual([1, 3, 5]);
    const spans = await db.execute("select span_id from spans order by span_id");
    expect(spans.rows.map((r) => r.span_id)).toEqual(["s1", "s3"]);
    const facets = await db.execute("select count(*) as n from trace_facets where trace_row in (2, 4)");
    expect(facets.rows[0]?.n).toBe(0);
    const session = await db.execute(
      "select first_us, last_us from trace_sessions where session_id = 'chat-2'",
    );
    expect(session.rows.map((r) => [r.first_us, r.last_us])).toEqual([[T0 + 100, T0 + 200]]);
  });

  it("clamps integers beyond the safe range, in traces, spans and rollups", async () => {
    const trace3 = await db.execute("select input_tokens, total_tokens from traces where id = 3");
    expect(trace3.rows[0]).toMatchObject({ input_tokens: MAX, total_tokens: MAX });
    const span3 = await db.execute("select input_tokens from spans where span_id = 's3'");
    expect(span3.rows[0]?.input_tokens).toBe(MAX);
    const rollup = await db.execute("select input_tokens, output_tokens from rollups");
    expect(rollup.rows.map((r) => [r.input_tokens, r.output_tokens])).toEqual([[MAX, -MAX]]);
  });

  it("deletes search text whose trace is gone", async () => {
    const text = await db.execute("select rowid from trace_text order by rowid");
    expect(text.rows.map((r) => r.rowid)).toEqual([1]);
  });

  it("records what it did, and runs once", async () => {
    const recorded = await db.execute("select name, summary from data_repairs");
    expect(recorded.rows).toHaveLength(1);
    expect(JSON.parse(String(recorded.rows[0]?.summary))).toMatchObject({
      tracesOutsideWindow: 2,
      orphanTextRows: 1,
      clampedIntegerRows: { traces: 1, spans: 1, rollups: 1 },
      repairedTextRows: { traces: 1, spans: 1, trace_text: 1, trace_facets: 2, trace_sessions: 1 },
    });
    const before = await everyRow(db);
    await applyMigrations({ url });
    expect(await everyRow(db)).toEqual(before);
    // A value the repair would clamp, stored after it: a second run leaves it alone.
    await db.execute(`update rollups set input_tokens = ${HUGE}`);
    await applyMigrations({ url });
    const rollup = await db.execute(`select input_tokens = ${HUGE} as untouched from rollups`);
    expect(rollup.rows[0]?.untouched).toBe(1);
  });
});

describe("repair 0007 on a new database", () => {
  it("is recorded without running: the database holds nothing stored before the fixes", async () => {
    const { db, cleanup } = await upgradedFrom(0, []);
    try {
      const recorded = await db.execute("select name, summary from data_repairs");
      expect(recorded.rows.map((r) => [r.name, r.summary])).toEqual([
        ["0007_stored_values", '{"newDatabase":true}'],
      ]);
    } finally {
      await cleanup();
    }
  });
});

/** A value ingest stored through `->>` from a JSON string: `?` bound to the JSON array. */
type Value = string | number | { sql: string } | { json: string };
const viaJson = (text: string): Value => ({ json: JSON.stringify([text]) });
const traceId = (id: number) => id.toString(16).padStart(32, "0");

function insert(table: string, values: Record<string, Value>): InStatement {
  const args: InValue[] = [];
  const sql = Object.values(values).map((v) => {
    if (typeof v === "object" && "sql" in v) return v.sql;
    args.push(typeof v === "object" ? v.json : v);
    return typeof v === "object" ? "? ->> 0" : "?";
  });
  return { sql: `insert into ${table} (${Object.keys(values).join(", ")}) values (${sql.join(", ")})`, args };
}

function trace(id: number, values: Record<string, Value> = {}): InStatement {
  return insert("traces", {
    id,
    project_id: "p1",
    org_id: "o1",
    trace_id: traceId(id),
    name: "agent",
    start_us: T0,
    end_us: T0 + 1000,
    duration_ms: 1,
    status: "OK",
    span_count: 1,
    error_count: 0,
    input_tokens: 0,
    output_tokens: 0,
    total_tokens: 0,
    created_at: 1,
    updated_at: 1,
    ...values,
  });
}

function span(trace: number, spanId: string, values: Record<string, Value> = {}): InStatement {
  return insert("spans", {
    project_id: "p1",
    org_id: "o1",
    trace_id: traceId(trace),
    span_id: spanId,
    name: "llm",
    span_type: "LLM",
    kind: 1,
    start_us: T0,
    end_us: T0 + 1000,
    status: "OK",
    attributes: "{}",
    events: "[]",
    ...values,
  });
}

/** Every row of every table (shadow tables of the search index included), read as the Worker reads. */
async function everyRow(db: Client): Promise<Record<string, unknown[]>> {
  const tables = await db.execute("select name from sqlite_master where type = 'table' order by name");
  const rows: Record<string, unknown[]> = {};
  for (const { name } of tables.rows) {
    rows[String(name)] = (await db.execute(`select * from "${String(name)}"`)).rows.map((r) => ({ ...r }));
  }
  return rows;
}

describe("repair 0007 on a database of 50,000 spans", () => {
  it("takes seconds, not minutes (the figure is printed)", { timeout: 120_000 }, async () => {
    const series = (count: number) =>
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})`;
    const hexText = (bytes: number) => `hex(randomblob(${bytes}))`;
    const lone = "char(55296)";
    const { db, cleanup } = await upgradedFrom(7, [
      "insert into orgs (id, name, created_at, updated_at) values ('o1', 'Org', 1, 1)",
      "insert into projects (id, org_id, name, created_at, updated_at) values ('p1', 'o1', 'Project', 1, 1)",
      // 5,000 traces of 10 spans; one trace in 500 and one span in 1,000 holds a lone surrogate.
      `insert into traces (id, project_id, org_id, trace_id, name, start_us, end_us, duration_ms, status, span_count,
         error_count, input_tokens, output_tokens, total_tokens, session_id, input_preview, output_preview, tags,
         created_at, updated_at)
       ${series(5000)}
       select i, 'p1', 'o1', printf('%032x', i), 'agent', ${T0} + i * 1000000, ${T0} + i * 1000000 + 900000, 900,
         'OK', 10, 0, 1000, 500, 1500, 'chat-' || (i % 700),
         'question ' || ${hexText(100)} || iif(i % 500 = 0, ${lone}, ''), 'answer ' || ${hexText(100)},
         '{"env":"prod"}', 1, 1 from n`,
      `insert into trace_text (rowid, text, project_id, trace_id)
       select id, input_preview || ' ' || output_preview, project_id, trace_id from traces`,
      `insert into trace_facets select 'p1', 'tag:env', 'prod', id from traces`,
      `insert into trace_sessions select project_id, session_id, min(start_us), max(end_us) from traces group by 1, 2`,
      // Spans of about 3.7 kB: chat messages in, an answer out, a few attributes.
      `insert into spans (project_id, org_id, trace_id, span_id, name, span_type, kind, start_us, end_us, status,
         inputs, outputs, attributes, events, model, provider, input_tokens, output_tokens, total_tokens, cost_usd)
       ${series(50_000)}
       select 'p1', 'o1', printf('%032x', (i - 1) / 10 + 1), printf('%016x', i), iif(i % 1000 = 0, 'tool' || ${lone}, 'llm'),
         'LLM', 1, ${T0} + i * 100000, ${T0} + i * 100000 + 50000, 'OK',
         '{"messages":[{"role":"user","content":"' || ${hexText(800)} || '"}]}',
         '{"content":"' || ${hexText(600)} || '"}',
         '{"gen_ai.system":"openai","gen_ai.request.model":"gpt-4o-mini","extra":"' || ${hexText(400)} || '"}',
         '[]', 'gpt-4o-mini', 'openai', 100, 50, 150, 0.001 from n`,
    ]);
    try {
      const recorded = await db.execute("select summary from data_repairs");
      const summary = JSON.parse(String(recorded.rows[0]?.summary)) as {
        ms: number;
        repairedTextRows: object;
      };
      expect(summary.repairedTextRows).toEqual({ spans: 50, trace_text: 10, traces: 10 });
      console.log(`repair 0007 on 5,000 traces / 50,000 spans (~3.7 kB each): ${summary.ms} ms`);
      expect(summary.ms).toBeLessThan(60_000);
    } finally {
      await cleanup();
    }
  });
});
