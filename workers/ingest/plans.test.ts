/**
 * Query plans of one ingest batch: every statement reaches the big tables through an index, so
 * a request costs the same with a million stored traces as with ten.
 */
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { agentTrace, otlpJson } from "../test/otlp-builders";
import { testOrgDb } from "../test/services";
import { acceptSpans } from "./accept";
import { decodeOtlpJson } from "./otlp/decode-json";
import { storeStatements } from "./store";

const orgDb = testOrgDb("org_plans");

/** EXPLAIN QUERY PLAN of each statement of one batch, beside the staging table it creates. */
async function batchPlans(): Promise<{ sql: string; plan: string[] }[]> {
  // One span names prompt versions, so the link statements (prompts/trace-links.ts) are explained too.
  const spans = [...agentTrace({ sessionId: "s-1" }).spans, ...agentTrace({ sessionId: "s-2" }).spans].map(
    (span, i) => ({
      ...span,
      attributes: {
        ...span.attributes,
        "sightline.tag.env": "prod",
        ...(i === 0 ? { "sightline.prompt": '["prompts:/answer@production", "prompts:/answer/2"]' } : {}),
      },
    }),
  );
  const normalised = acceptSpans(decodeOtlpJson(otlpJson(spans)), Date.now() * 1000).spans;
  const dialect = new SQLiteAsyncDialect();
  const statements = storeStatements({ id: "prj_ingest_plans", orgId: "org_plans" }, normalised, [], {
    id: "key_plans",
    now: Date.now(),
  }).map((s) => dialect.sqlToQuery(s));
  // In one transaction, rolled back: the staging table is created as the batch creates it, and
  // every other statement is explained, not run (the final drop of the staging table too).
  const tx = await orgDb.$client.transaction("write");
  try {
    const plans: { sql: string; plan: string[] }[] = [];
    for (const q of statements) {
      if (/^\s*drop table temp\./i.test(q.sql)) continue;
      if (/^\s*create temp table/i.test(q.sql)) {
        await tx.execute(q.sql);
        continue;
      }
      const res = await tx.execute({ sql: `explain query plan ${q.sql}`, args: q.params as never });
      plans.push({ sql: q.sql, plan: res.rows.map((r) => String(r.detail)) });
    }
    return plans;
  } finally {
    await tx.rollback();
  }
}

describe("ingest batch query plans", () => {
  it("never scans traces, spans, facets or sessions", async () => {
    const plans = await batchPlans();
    expect(plans.length).toBeGreaterThanOrEqual(7);
    const scans = plans.flatMap(({ sql, plan }) =>
      plan
        .filter((line) => /^SCAN (traces|spans|trace_facets|trace_sessions|t|s|f|x)\b(?! USING)/.test(line))
        .map((line) => `${line} in: ${sql.slice(0, 80)}`),
    );
    expect(scans).toEqual([]);
  });

  it("never reads every row of a project: each lookup of traces or spans names its trace", async () => {
    const plans = await batchPlans();
    const projectWide = plans.flatMap(({ sql, plan }) =>
      plan
        .filter((line) => /^SEARCH (traces|spans|t|s|p) USING .*\(project_id=\?\)$/.test(line))
        .map((line) => `${line} in: ${sql.slice(0, 80)}`),
    );
    expect(projectWide).toEqual([]);
  });

  it("links prompt versions through the prompts' name index and the versions' key", async () => {
    const plans = await batchPlans();
    const link = plans.find((p) => p.sql.startsWith("insert or ignore into trace_prompts"));
    expect(link?.plan).toEqual(
      expect.arrayContaining([
        "SEARCH p USING INDEX prompts_project_name_uq (project_id=? AND name=?)",
        "SEARCH v USING COVERING INDEX sqlite_autoindex_prompt_versions_1 (prompt_id=? AND version=?)",
        "SEARCH a USING PRIMARY KEY (prompt_id=? AND alias=?)",
      ]),
    );
    const scans = plans.flatMap(({ plan }) =>
      plan.filter((l) => /^SCAN (prompts|prompt_versions|p|v)\b/.test(l)),
    );
    expect(scans).toEqual([]);
  });

  it("finds the touched traces' sessions by trace id", async () => {
    const plans = await batchPlans();
    const sessions = plans.find((p) => p.sql.startsWith("insert into trace_sessions"));
    expect(sessions?.plan).toContain(
      "SEARCH t USING INDEX traces_project_trace_uq (project_id=? AND trace_id=?)",
    );
  });
});
