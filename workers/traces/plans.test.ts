import type { SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql/web";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { DAY_MS } from "../lib/time";
import { testOrgDb, testProjectContext } from "../test/services";
import { pageOfTraces } from "./list";
import { metricsQuery } from "./metrics";
import { planQuery } from "./plan";
import { expiredTraces } from "./retention";
import { type TraceFilter, TraceListQuery, type TraceSort } from "./schemas";
import { sessionsQuery } from "./sessions";

const orgDb = testOrgDb("org_plans");
const projectId = "prj_plans";

async function planOf(query: { sql: string; params: unknown[] }): Promise<string[]> {
  const res = await orgDb.$client.execute({
    sql: `explain query plan ${query.sql}`,
    args: query.params as never,
  });
  return res.rows.map((r) => String(r.detail));
}

/**
 * The plan of the first page's query as the list route builds it (pageOfTraces, default limit),
 * recorded from the database driver. The plan is made first, as pageOfTraces makes it, so that
 * `driveLimit` 0 can show the plan used when lookups match often; the first recorded query is then
 * the page's (a cost sort's second run, traces without a cost, comes after it).
 */
async function listPlan(filter: TraceFilter, sort: TraceSort = "time", driveLimit?: number) {
  const plan = await planQuery(orgDb, projectId, filter, driveLimit);
  const recorded: { sql: string; params: unknown[] }[] = [];
  const logger = { logQuery: (sql: string, params: unknown[]) => recorded.push({ sql, params }) };
  const ctx = testProjectContext({ id: projectId, orgId: "org_plans" });
  const recording = { ...ctx, db: drizzle({ client: orgDb.$client, logger }) };
  await pageOfTraces({
    ctx: recording,
    input: { filter, sort, order: "desc", limit: TraceListQuery.parse({}).limit, cursor: undefined },
    plan,
  });
  const [page] = recorded;
  if (!page) throw new Error("the list read no page");
  return planOf(page);
}

/** A full table scan shows as `SCAN <table>` without an index; FTS and CTE scans are fine. */
function fullScans(plan: string[]): string[] {
  return plan.filter((line) => /^SCAN (traces|trace_facets|spans|rollups)\b(?! USING)/.test(line));
}

describe("query plans: every filter reads through an index", () => {
  const columnFilters: [string, TraceFilter, string][] = [
    ["no filter", {}, "traces_project_start_idx (project_id=?)"],
    ["from/to", { from: 1, to: 2 }, "traces_project_start_idx (project_id=? AND start_us>? AND start_us<?)"],
    ["status", { status: "ERROR" }, "traces_project_status_idx (project_id=? AND status=?)"],
    ["name", { name: "support_agent" }, "traces_project_name_idx (project_id=? AND name=?)"],
    ["sessionId", { sessionId: "s" }, "traces_project_session_idx (project_id=? AND session_id=?)"],
    ["userId", { userId: "u" }, "traces_project_user_idx (project_id=? AND user_id=?)"],
    ["latency", { minLatencyMs: 100, maxLatencyMs: 900 }, "traces_project_duration_idx (project_id=? AND"],
    ["tokens", { minTokens: 100 }, "traces_project_tokens_idx (project_id=? AND total_tokens>?)"],
    ["cost", { maxCost: 0.5 }, "traces_project_cost_idx (project_id=? AND cost_usd<?)"],
  ];
  for (const [label, filter, index] of columnFilters) {
    it(`${label} uses ${index.split(" ")[0]}`, async () => {
      const plan = await listPlan(filter);
      expect(plan.join("\n")).toContain(`SEARCH traces USING INDEX ${index}`);
      expect(fullScans(plan)).toEqual([]);
    });
  }

  it("sorts walk their own index (ties sorted in small groups)", async () => {
    for (const [sort, index] of [
      ["latency", "traces_project_duration_idx"],
      ["tokens", "traces_project_tokens_idx"],
      ["cost", "traces_project_cost_idx"],
    ] as const) {
      const plan = await listPlan({}, sort);
      expect(plan.join("\n")).toContain(`SEARCH traces USING INDEX ${index}`);
      expect(plan.join("\n")).toContain("USE TEMP B-TREE FOR RIGHT PART OF ORDER BY");
    }
  });

  const facetFilters: [string, TraceFilter][] = [
    ["spanType", { spanType: "TOOL" }],
    ["model", { model: "gpt-4o-mini" }],
    ["tag", { tag: [{ key: "env", value: "prod" }] }],
    ["metadata", { metadata: [{ key: "region", value: "eu" }] }],
  ];
  const facetIndex = "SEARCH trace_facets USING PRIMARY KEY (project_id=? AND facet=? AND value=?)";
  for (const [label, filter] of facetFilters) {
    it(`${label}: a rare value drives from the facet key, a common one is checked along the time index`, async () => {
      const driven = await listPlan(filter);
      expect(driven[0]).toBe(facetIndex);
      expect(driven).toContain("SEARCH traces USING INTEGER PRIMARY KEY (rowid=?)");
      const walked = await listPlan(filter, "time", 0);
      expect(walked).toContain("SEARCH traces USING INDEX traces_project_start_idx (project_id=?)");
      expect(walked).toContain(facetIndex);
      expect(fullScans([...driven, ...walked])).toEqual([]);
    });
  }

  it("contains: uses the trigram FTS index (M = MATCH), then traces by row number", async () => {
    const driven = await listPlan({ contains: "refund" });
    expect(driven.join("\n")).toMatch(/SCAN trace_text VIRTUAL TABLE INDEX \d+:M/);
    expect(driven).toContain("SEARCH traces USING INTEGER PRIMARY KEY (rowid=?)");
    const walked = await listPlan({ contains: "refund" }, "time", 0);
    expect(walked.join("\n")).toMatch(/SCAN trace_text VIRTUAL TABLE INDEX \d+:M/);
    expect(fullScans([...driven, ...walked])).toEqual([]);
  });

  it("sessions: a page along the last-activity index, summed along the session index", async () => {
    const plan = await planOf(compile(sessionsQuery(projectId, { limit: 50 })));
    expect(plan).toEqual(
      expect.arrayContaining([
        "SEARCH ts USING COVERING INDEX trace_sessions_last_idx (project_id=?)",
        "SEARCH t USING INDEX traces_project_session_idx (project_id=? AND session_id=?)",
      ]),
    );
    expect(fullScans(plan)).toEqual([]);
  });

  it("sessions in a time range: found through the start-time index, summed along the session index", async () => {
    const query = sessionsQuery(projectId, { from: 1, to: 2, limit: 50 });
    const plan = await planOf(compile(query));
    expect(plan.join("\n")).toContain(
      "traces_project_start_idx (project_id=? AND start_us>? AND start_us<?)",
    );
    expect(plan.join("\n")).toContain("traces_project_session_idx (project_id=? AND session_id=?)");
    expect(fullScans(plan)).toEqual([]);
  });

  it("retention: each project's expired traces through its start-time index", async () => {
    const plan = await planOf(compile(expiredTraces([[projectId, Date.now() * 1000]])));
    expect(plan).toEqual(
      expect.arrayContaining(["SEARCH t USING INDEX traces_project_start_idx (project_id=? AND start_us<?)"]),
    );
    expect(fullScans(plan)).toEqual([]);
  });

  it("metrics: one primary-key range of rollups", async () => {
    const now = Date.now();
    const plan = await planOf(compile(metricsQuery(projectId, now - 7 * DAY_MS, now, 3_600_000)));
    expect(plan).toEqual(
      expect.arrayContaining([
        "SEARCH rollups USING INDEX sqlite_autoindex_rollups_1 (project_id=? AND hour>? AND hour<?)",
      ]),
    );
    expect(fullScans(plan)).toEqual([]);
  });
});

const dialect = new SQLiteAsyncDialect();
const compile = (query: SQL) => dialect.sqlToQuery(query);
