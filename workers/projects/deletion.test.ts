import { is, sql } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as schema from "../../schema";
import { ORG_DATA_TABLES } from "../../schema/seam";
import { asKey, asUser, createKey, createProject, signUp } from "../test/accounts";
import { call, eventually } from "../test/helpers";
import { agentTrace, newSpanId, newTraceId, sendOtlpJson } from "../test/otlp";
import { testOrgDb, testServices } from "../test/services";
import { buildTrace, hoursAgo, ingestTraces } from "../test/trace-fixtures";
import { receiverUrl } from "../test/webhooks";

/**
 * The organization's audit log keeps its entries about a deleted project (who deleted it, and
 * when): it is the organization's security record, not the project's data.
 */
const KEPT_AFTER_DELETION = new Set(["audit_log", "data_audit_log"]);

/** Every table of the schema with a project_id column, so a new table is covered without a change here. */
function projectTables(): string[] {
  return (Object.values(schema) as unknown[])
    .flatMap((value) => (is(value, SQLiteTable) ? [getTableConfig(value)] : []))
    .filter((config) => config.columns.some((c) => c.name === "project_id"))
    .map((config) => config.name)
    .filter((name) => !KEPT_AFTER_DELETION.has(name));
}

/** Full-text tables (FTS5 virtual tables, outside drizzle's schema) carry project_id too. */
async function ftsTables(): Promise<string[]> {
  const rows = await testServices().db.all<{ name: string }>(
    sql`select name from sqlite_master where type = 'table' and sql like '%using fts5%'`,
  );
  return rows.map((r) => r.name);
}

async function rowsPerTable(projectId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of [...projectTables(), ...(await ftsTables())]) {
    // Each table on its side of the seam: organization data in its own database in this suite.
    const db = (ORG_DATA_TABLES as readonly string[]).includes(name) ? testOrgDb() : testServices().db;
    const [row] = await db.all<{ n: number }>(
      sql`select count(*) as n from ${sql.identifier(name)} where project_id = ${projectId}`,
    );
    out[name] = Number(row?.n ?? 0);
  }
  return out;
}

describe("deleting a project", () => {
  it("leaves no row of it in any table that carries a project_id, the text index included", async () => {
    const owner = await signUp();
    const projectId = await createProject(owner, `doomed-${crypto.randomUUID()}`);
    const { key } = await createKey(owner, ["ingest"], projectId);
    await ingestTraces(key, [
      buildTrace({
        startMs: hoursAgo(2),
        sessionId: "s-1",
        tags: { env: "prod" },
        question: "My SSN is 078-05-1120, can you update it?",
      }),
      buildTrace({ startMs: hoursAgo(1), sessionId: "s-1" }),
    ]);
    // A conversation message whose span never came (OTLP log record): it waits, and must go too.
    const waiting = await call("/v1/logs", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [
                  {
                    timeUnixNano: `${Date.now()}000000`,
                    traceId: newTraceId(),
                    spanId: newSpanId(),
                    attributes: [{ key: "event.name", value: { stringValue: "gen_ai.user.message" } }],
                    body: { kvlistValue: { values: [{ key: "content", value: { stringValue: "hello?" } }] } },
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    expect(waiting.status).toBe(200);
    // Feedback (and so a score rollup), on a trace that has not arrived: it must go too.
    const feedback = await call(`/api/v1/projects/${projectId}/assessments/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ assessments: [{ traceId: newTraceId(), name: "thumbs", value: true }] }),
    });
    expect(feedback.status).toBe(201);
    const scorer = await asUser(owner.cookie, `/api/v1/projects/${projectId}/scorers`, {
      method: "POST",
      json: { name: "not_empty", definition: { type: "rule", rule: { kind: "not_empty" } } },
    });
    expect(scorer.status).toBe(201);
    // A scoring job (of a trace not there: its item is an error), and a dataset with a record and an import.
    const scorerId = ((await scorer.json()) as { id: string }).id;
    const job = await asUser(owner.cookie, `/api/v1/projects/${projectId}/score/jobs`, {
      method: "POST",
      json: { scorer: { scorerId }, traceIds: [newTraceId()] },
    });
    expect(job.status).toBe(202);
    const datasets = `/api/v1/projects/${projectId}/datasets`;
    const dataset = (await (
      await asUser(owner.cookie, datasets, { method: "POST", json: { name: "doomed" } })
    ).json()) as {
      id: string;
    };
    const opened = await asUser(owner.cookie, `${datasets}/${dataset.id}/imports`, {
      method: "POST",
      json: { format: "jsonl" },
    });
    const importId = ((await opened.json()) as { id: string }).id;
    const sent = await asUser(owner.cookie, `${datasets}/${dataset.id}/imports/${importId}/chunks/0`, {
      method: "PUT",
      headers: { "content-type": "text/plain" },
      body: '{"inputs":{"q":"doomed?"}}\n{"bad row"}',
    });
    expect(sent.status).toBe(200);
    expect(
      (
        await asUser(owner.cookie, `${datasets}/${dataset.id}/imports/${importId}/commit`, {
          method: "POST",
          json: {},
        })
      ).status,
    ).toBe(200);
    const run = await asUser(owner.cookie, `/api/v1/projects/${projectId}/evaluations`, {
      method: "POST",
      json: { data: { records: [{ inputs: { q: "doomed?" }, outputs: "yes" }] }, scorers: [{ scorerId }] },
    });
    expect(run.status).toBe(202);
    // A prompt with an alias (and so its history), and a trace linked to its version.
    const prompts = `/api/v1/projects/${projectId}/prompts`;
    const prompt = await asUser(owner.cookie, prompts, {
      method: "POST",
      json: { name: "doomed", template: "x" },
    });
    expect(prompt.status).toBe(201);
    const alias = await asUser(owner.cookie, `${prompts}/doomed/aliases/production`, {
      method: "PUT",
      json: { version: 1 },
    });
    expect(alias.status).toBe(200);
    const linked = agentTrace();
    const root = linked.spans[0];
    if (root) root.attributes = { ...root.attributes, "sightline.prompt": "prompts:/doomed@production" };
    expect(await (await sendOtlpJson(key, linked.spans)).json()).toEqual({});
    // Monitors: one scoring traces at once (its results), one of sessions still waiting (pending),
    // and a backfill.
    const monitors = `/api/v1/projects/${projectId}/monitors`;
    const live = await asUser(owner.cookie, monitors, {
      method: "POST",
      json: { scorerId, samplingRate: 1, settleSeconds: 0 },
    });
    expect(live.status).toBe(201);
    const liveId = ((await live.json()) as { id: string }).id;
    const chats = await asUser(owner.cookie, monitors, {
      method: "POST",
      json: { name: "chats", scorerId, level: "session", samplingRate: 1, settleSeconds: 3600 },
    });
    expect(chats.status).toBe(201);
    await ingestTraces(key, [buildTrace({ startMs: hoursAgo(0, 1000), sessionId: "s-2" })]);
    const backfill = await asUser(owner.cookie, `${monitors}/${liveId}/backfills`, {
      method: "POST",
      json: { days: 1 },
    });
    expect(backfill.status).toBe(202);
    await eventually(
      async () => {
        const [row] = await testOrgDb().all<{ n: number }>(
          sql`select count(*) as n from monitor_results where project_id = ${projectId}`,
        );
        return Number(row?.n) > 0 ? true : undefined;
      },
      { what: "the monitor to score a trace" },
    );
    // An alert rule and an alert (fired for real in workers/alerts/alerts.test.ts).
    const rule = await asUser(owner.cookie, `/api/v1/projects/${projectId}/alert-rules`, {
      method: "POST",
      json: {
        name: "doomed",
        config: { kind: "threshold", metric: "trace_volume", direction: "above", threshold: 1 },
      },
    });
    expect(rule.status).toBe(201);
    const ruleId = ((await rule.json()) as { id: string }).id;
    await testOrgDb(
      owner.orgId,
    ).run(sql`insert into alert_events (id, org_id, project_id, rule_id, rule_name, state,
      window_start, window_end, numbers, summary, fired_at) values (${testServices().ids("alertEvent")}, ${owner.orgId},
      ${projectId}, ${ruleId}, 'doomed', 'firing', 0, 1, '{}', 'doomed', 1)`);
    // A webhook with a delivery (its test event) and that delivery's attempt.
    const hooks = `/api/v1/projects/${projectId}/webhooks`;
    const hook = await asUser(owner.cookie, hooks, {
      method: "POST",
      json: { name: "doomed", format: "standard", url: receiverUrl().url },
    });
    expect(hook.status).toBe(201);
    const hookId = ((await hook.json()) as { id: string }).id;
    expect((await asUser(owner.cookie, `${hooks}/${hookId}/test`, { method: "POST" })).status).toBe(202);
    await eventually(
      async () => {
        const page = await asUser(owner.cookie, `${hooks}/${hookId}/deliveries`);
        const { deliveries } = (await page.json()) as { deliveries: { status: string }[] };
        return deliveries[0]?.status === "succeeded" ? true : undefined;
      },
      { what: "the webhook's test delivery" },
    );
    const before = await rowsPerTable(projectId);
    // Each table must hold a row of the project first, or the check below proves nothing for it:
    // a new table with a project_id needs data here (extend the fixture above).
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(["traces", "spans", "trace_text", "rollups"]));

    // The sibling project's rows must survive.
    const sibling = await createKey(owner, ["ingest"]);
    await ingestTraces(sibling.key, [
      buildTrace({ startMs: hoursAgo(1), question: "Sibling question here" }),
    ]);
    const siblingBefore = await rowsPerTable(owner.projectId);

    const res = await asUser(owner.cookie, `/api/v1/projects/${projectId}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    // Gone from every API at once, its keys refused, its name free again…
    expect((await asUser(owner.cookie, `/api/v1/projects/${projectId}`)).status).toBe(404);
    expect((await asUser(owner.cookie, `/api/v1/projects/${projectId}/traces`)).status).toBe(404);
    expect((await asKey(key, "/api/v1/whoami")).status).toBe(401);
    const projectsNow = (await (await asUser(owner.cookie, "/api/v1/projects")).json()) as {
      projects: { id: string }[];
    };
    expect(projectsNow.projects.map((p) => p.id)).not.toContain(projectId);

    // …while a queued job purges its data and then its control-plane row.
    const after = await eventually(
      async () => {
        const rows = await rowsPerTable(projectId);
        return Object.values(rows).every((n) => n === 0) ? rows : undefined;
      },
      { what: "the purge job to empty every table of the project" },
    );
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    await eventually(
      async () => {
        const [row] = await testServices().db.all<{ n: number }>(
          sql`select count(*) as n from projects where id = ${projectId}`,
        );
        return Number(row?.n) === 0 ? true : undefined;
      },
      { what: "the project row to go" },
    );
    expect(await rowsPerTable(owner.projectId)).toEqual(siblingBefore);
    const [text] = await testOrgDb().all<{ n: number }>(
      sql`select count(*) as n from trace_text where trace_text match '"078-05-1120"'`,
    );
    expect(Number(text?.n)).toBe(0);
  });
});

describe("a deleted project's name", () => {
  it("is free again at once", async () => {
    const owner = await signUp();
    const name = `reused-${crypto.randomUUID()}`;
    const first = await createProject(owner, name);
    expect((await asUser(owner.cookie, `/api/v1/projects/${first}`, { method: "DELETE" })).status).toBe(204);
    const second = await createProject(owner, name);
    expect(second).not.toBe(first);
  });
});
