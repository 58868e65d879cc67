import type { Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradedFrom } from "./migration-history.ts";

/** 2025-01-01 in µs: the repair after the migrations deletes traces outside the window ingest accepts. */
const T0 = Date.UTC(2025, 0, 1) * 1000;

describe("migration 0005: trace row numbers", () => {
  let db: Client;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    // Data as 0004 left it: facets keyed by trace id, text rows sharing their trace's rowid.
    const trace = (rowid: number, traceId: string, preview: string) => [
      {
        sql: `insert into traces (rowid, project_id, org_id, trace_id, name, start_us, end_us, duration_ms, status, span_count,
          error_count, input_tokens, output_tokens, total_tokens, input_preview, created_at, updated_at)
          values (?, 'p1', 'o1', ?, 'agent', ?, ?, 0.001, 'OK', 1, 0, 0, 0, 0, ?, 1, 1)`,
        args: [rowid, traceId, T0 + 1, T0 + 2, preview],
      },
      {
        sql: "insert into trace_text (rowid, text, project_id, trace_id) values (?, ?, 'p1', ?)",
        args: [rowid, preview, traceId],
      },
      {
        sql: "insert into trace_facets (project_id, trace_id, facet, value, start_us) values ('p1', ?, 'tag:env', 'prod', ?)",
        args: [traceId, T0 + 1],
      },
    ];
    ({ db, cleanup } = await upgradedFrom(5, [
      "insert into orgs (id, name, created_at, updated_at) values ('o1', 'Org', 1, 1)",
      "insert into projects (id, org_id, name, created_at, updated_at) values ('p1', 'o1', 'Project', 1, 1)",
      ...trace(7, "a".repeat(32), "refund request"),
      ...trace(42, "b".repeat(32), "shipping question"),
    ]));
  });

  afterAll(() => cleanup());

  it("keeps every trace under its old rowid, so text rows still point at their trace", async () => {
    const rows = await db.execute(
      "select t.id, t.trace_id, x.text from traces t join trace_text x on x.rowid = t.id order by t.id",
    );
    expect(rows.rows.map((r) => [r.id, r.trace_id, r.text])).toEqual([
      [7, "a".repeat(32), "refund request"],
      [42, "b".repeat(32), "shipping question"],
    ]);
  });

  it("moves facet rows to the trace row numbers", async () => {
    const rows = await db.execute(
      "select project_id, facet, value, trace_row from trace_facets order by trace_row",
    );
    expect(rows.rows.map((r) => [r.project_id, r.facet, r.value, r.trace_row])).toEqual([
      ["p1", "tag:env", "prod", 7],
      ["p1", "tag:env", "prod", 42],
    ]);
  });

  it("never gives a deleted trace's number to a new trace", async () => {
    await db.execute("delete from traces where id = 42");
    const inserted = await db.execute(
      `insert into traces (project_id, org_id, trace_id, name, start_us, end_us, duration_ms, status, span_count,
        error_count, input_tokens, output_tokens, total_tokens, created_at, updated_at)
        values ('p1', 'o1', '${"c".repeat(32)}', 'agent', 1, 2, 0.001, 'OK', 1, 0, 0, 0, 0, 1, 1) returning id`,
    );
    expect(Number(inserted.rows[0]?.id)).toBe(43);
  });
});

describe("migration 0006: session summaries", () => {
  let db: Client;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const trace = (
      project: string,
      traceId: string,
      session: string | null,
      startUs: number,
      endUs: number,
    ) => ({
      sql: `insert into traces (project_id, org_id, trace_id, name, start_us, end_us, duration_ms, status, span_count,
        error_count, input_tokens, output_tokens, total_tokens, session_id, created_at, updated_at)
        values (?, 'o1', ?, 'agent', ?, ?, 0.001, 'OK', 1, 0, 0, 0, 0, ?, 1, 1)`,
      args: [project, traceId, T0 + startUs, T0 + endUs, session],
    });
    ({ db, cleanup } = await upgradedFrom(6, [
      "insert into orgs (id, name, created_at, updated_at) values ('o1', 'Org', 1, 1)",
      "insert into projects (id, org_id, name, created_at, updated_at) values ('p1', 'o1', 'One', 1, 1)",
      "insert into projects (id, org_id, name, created_at, updated_at) values ('p2', 'o1', 'Two', 1, 1)",
      trace("p1", "a".repeat(32), "chat-1", 100, 180),
      trace("p1", "b".repeat(32), "chat-1", 300, 350),
      trace("p1", "c".repeat(32), null, 400, 450),
      trace("p2", "d".repeat(32), "chat-1", 50, 60),
    ]));
  });

  afterAll(() => cleanup());

  it("fills one row per project and session from the traces already stored", async () => {
    const rows = await db.execute(
      "select project_id, session_id, first_us, last_us from trace_sessions order by project_id",
    );
    expect(
      rows.rows.map((r) => [r.project_id, r.session_id, Number(r.first_us) - T0, Number(r.last_us) - T0]),
    ).toEqual([
      ["p1", "chat-1", 100, 350],
      ["p2", "chat-1", 50, 60],
    ]);
  });
});
