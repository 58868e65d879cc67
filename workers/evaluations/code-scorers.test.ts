import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { asKey, asUser, createKey } from "../test/accounts";
import { merge, newDataset } from "../test/datasets";
import { eventually, expectError } from "../test/helpers";
import { judgeProject, type Project } from "../test/judges";
import { testOrgDb } from "../test/services";
import { getJson } from "../test/trace-api";
import { traceProject } from "../test/trace-fixtures";
import type { ResultView, RunView } from "./schemas";

/**
 * Code scorers' results sent with a run's records: stored as the run's assessments, counted in its
 * metrics and progress, listed in its results, compared like judges' results; a retried batch is
 * stored once; a wrong body changes nothing.
 */
const runsPath = (p: Project, rest = "") => `/api/v1/projects/${p.owner.projectId}/evaluations${rest}`;
const post = (p: Project, path: string, json: object) =>
  asUser(p.owner.cookie, runsPath(p, path), { method: "POST", json });
const read = (p: Project, id: string) => getJson<RunView>(p.owner.cookie, runsPath(p, `/${id}`));
const finished = (p: Project, id: string) =>
  eventually(
    async () => {
      const run = await read(p, id);
      return run.status === "running" ? undefined : run;
    },
    { what: "the run to finish", timeoutMs: 30_000 },
  );

/** A record answered `answer`, with `exact` (pass/fail) and `length` (a number) results. */
const record = (q: string, answer: string, exact: boolean) => ({
  inputs: { q },
  outputs: answer,
  scores: [
    { name: "exact", value: exact, rationale: exact ? "Same as expected." : "Differs." },
    { name: "length", value: answer.length },
  ],
});

async function codeRun(p: Project, records: object[], open = false) {
  const res = await post(p, "", { data: { records, open }, codeScorers: ["exact", "length"] });
  expect(res.status, await res.clone().text()).toBe(202);
  return (await res.json()) as RunView;
}

describe("code scorers in a run", () => {
  it("count in the run's progress and metrics, list in its results, and a retried batch counts once", async () => {
    const p = await traceProject();
    const run = await codeRun(p, [record("a", "yes", true)], true);
    expect(run).toMatchObject({
      scorers: [],
      codeScorers: ["exact", "length"],
      progress: { total: 2, done: 2 },
    });
    const batch1 = {
      seq: 1,
      records: [
        record("b", "no", false),
        {
          inputs: { q: "c" },
          outputs: "maybe",
          scores: [
            { name: "exact", error: { code: "SCORER_FAILED", message: "TypeError: boom" } },
            { name: "length", value: 5 },
          ],
        },
      ],
    };
    expect((await post(p, `/${run.id}/rows`, batch1)).status).toBe(200);
    const once = await read(p, run.id);
    expect(once.progress).toEqual({ total: 6, done: 6, errors: 1 });
    // The same batch again (its answer was lost): answered, stored once.
    const again = await post(p, `/${run.id}/rows`, batch1);
    expect(again.status).toBe(200);
    expect(((await again.json()) as RunView).progress).toEqual(once.progress);
    // Another body under a taken number, or a gap: 409, nothing stored.
    await expectError(
      await post(p, `/${run.id}/rows`, { ...batch1, records: [record("z", "z", true)] }),
      409,
      "CONFLICT",
    );
    await expectError(await post(p, `/${run.id}/rows`, { seq: 3, records: [] }), 409, "CONFLICT");
    const last = {
      seq: 2,
      last: true,
      records: [record("d", "yes", true), { inputs: { q: "e" }, error: "boom" }],
    };
    expect((await post(p, `/${run.id}/rows`, last)).status).toBe(200);
    // The closing batch retried after the run closed: still its answer.
    expect((await post(p, `/${run.id}/rows`, last)).status).toBe(200);
    const done = await finished(p, run.id);
    expect(done).toMatchObject({ status: "completed", rows: 5, progress: { total: 8, done: 8, errors: 1 } });
    expect(done.metrics["exact/pass_rate"]).toBeCloseTo(2 / 3);
    expect(done.metrics["length/mean"]).toBeCloseTo((3 + 2 + 5 + 3) / 4);
    const exact = done.scorerMetrics.find((m) => m.name === "exact");
    expect(exact).toMatchObject({ source: "code", kind: "pass_fail", count: 3, errors: 1 });
    expect(exact?.passRateInterval?.low).toBeGreaterThan(0);
    expect(done.scorerMetrics.find((m) => m.name === "length")).toMatchObject({ kind: "numeric", count: 4 });
    const { results } = await getJson<{ results: ResultView[] }>(
      p.owner.cookie,
      runsPath(p, `/${run.id}/results`),
    );
    expect(results.map((r) => r.scores.length)).toEqual([2, 2, 2, 2, 0]);
    expect(results[1]?.scores.find((s) => s.scorer === "exact")).toMatchObject({
      value: false,
      passed: false,
      rationale: "Differs.",
      scorerVersionId: null,
    });
    expect(results[2]?.scores.find((s) => s.scorer === "exact")?.error).toEqual({
      code: "SCORER_FAILED",
      message: "TypeError: boom",
    });
    // Filtered on the server, over the whole run, a page at a time.
    const shown = async (query: string) => {
      const keys: string[] = [];
      let cursor = "";
      for (let i = 0; i < 10; i++) {
        const page = await getJson<{ results: ResultView[]; nextCursor: string | null }>(
          p.owner.cookie,
          runsPath(p, `/${run.id}/results?limit=1&${query}${cursor}`),
        );
        keys.push(...page.results.map((r) => String((r.inputs as { q: string }).q)));
        if (page.nextCursor === null) return keys;
        cursor = `&cursor=${page.nextCursor}`;
      }
      return keys;
    };
    expect(await shown("show=failures")).toEqual(["b"]);
    expect(await shown("show=errors")).toEqual(["c", "e"]);
    expect(await shown("show=errors&scorer=length")).toEqual(["e"]);
    expect(await shown("show=failures&scorer=length")).toEqual([]);
    expect(await shown("show=all&scorer=exact")).toEqual(["a", "b", "c", "d", "e"]);
    await expectError(
      await asUser(p.owner.cookie, runsPath(p, `/${run.id}/results?show=broken`)),
      422,
      "INVALID_INPUT",
    );
  });

  it("run beside registered scorers, whose names they may not take", async () => {
    const { p } = await judgeProject();
    const created = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/scorers`, {
      method: "POST",
      json: {
        name: "mentions_refund",
        definition: { type: "rule", rule: { kind: "contains", keywords: ["refund"] } },
      },
    });
    const scorerId = ((await created.json()) as { id: string }).id;
    const clash = await expectError(
      await post(p, "", { data: { records: [] }, scorers: [{ scorerId }], codeScorers: ["mentions_refund"] }),
      422,
      "INVALID_INPUT",
    );
    expect(clash.message).toContain('codeScorers.0: "mentions_refund" is also a registered scorer');
    const res = await post(p, "", {
      data: { records: [{ ...record("a", "refund sent", true) }, record("b", "no", false)] },
      scorers: [{ scorerId }],
      codeScorers: ["exact", "length"],
    });
    expect(res.status).toBe(202);
    const run = await finished(p, ((await res.json()) as RunView).id);
    expect(run.progress).toEqual({ total: 6, done: 6, errors: 0 });
    expect(Object.keys(run.metrics).filter((k) => k.endsWith("/mean"))).toEqual([
      "mentions_refund/mean",
      "exact/mean",
      "length/mean",
    ]);
  });

  it("refuse a wrong body with a 422 that changes nothing", async () => {
    const p = await traceProject();
    const run = await codeRun(p, [record("a", "yes", true)], true);
    const before = await read(p, run.id);
    const rows = (records: object[]) => post(p, `/${run.id}/rows`, { seq: 1, records });
    const { scores: _, ...bare } = record("x", "x", true);
    const cases: [object[], string][] = [
      [[bare], 'no result of the code scorer "exact"'],
      [[{ ...bare, scores: [{ name: "other", value: 1 }] }], '"other" is not a code scorer of the run'],
      [
        [
          {
            ...record("x", "x", true),
            scores: [...record("x", "x", true).scores, { name: "exact", value: true }],
          },
        ],
        "a second result",
      ],
      [
        [{ inputs: { q: "x" }, error: "boom", scores: [{ name: "exact", value: true }] }],
        "the record is not scored",
      ],
      [
        [record("y", "y", true), { ...bare, scores: [{ name: "exact", value: true, error: { code: "X" } }] }],
        "not both",
      ],
      [
        [{ ...bare, scores: Array.from({ length: 21 }, (_, i) => ({ name: `s${i}`, value: 1 })) }],
        "records.0.scores",
      ],
      [[{ ...bare, scores: [{ name: "bad\nname", value: 1 }] }], "records.0.scores.0.name"],
      [
        [
          {
            ...bare,
            scores: [
              { name: "exact", value: "x".repeat(1_001) },
              { name: "length", value: 1 },
            ],
          },
        ],
        "records.0.scores.0.value",
      ],
    ];
    for (const [records, words] of cases) {
      const error = await expectError(await rows(records), 422, "INVALID_INPUT");
      expect(error.message).toContain(words);
    }
    for (const body of [
      { data: { records: [] }, codeScorers: ["a", "a"] },
      { data: { records: [] } },
      { data: { dataset: { id: "ds_x" } }, codeScorers: ["a"] },
    ])
      await expectError(await post(p, "", body), 422, "INVALID_INPUT");
    const after = await read(p, run.id);
    expect(after).toEqual(before);
    // The refused number is still free.
    expect((await rows([record("b", "b", true)])).status).toBe(200);
  });

  it("compare by McNemar (pass/fail) and Wilcoxon (numbers), with both runs' outputs, cut", async () => {
    const p = await traceProject();
    const long = "word ".repeat(2_000);
    const records = (broken: number) =>
      Array.from({ length: 20 }, (_, i) =>
        i < broken ? record(`q${i}`, `${long}wrong ${i}`, false) : record(`q${i}`, `right ${i}`, true),
      );
    const base = await finished(p, (await codeRun(p, records(0))).id);
    const worse = await finished(p, (await codeRun(p, records(12))).id);
    type Compared = {
      comparisons: {
        metrics: { scorer: string; test: string; verdict: string }[];
        records: { rowKey: string; change: string }[];
        outputs: {
          rowKey: string;
          inputs: string;
          baseline: { text: string; truncated: boolean; scores: ResultView["scores"] } | null;
          candidate: { text: string; truncated: boolean; scores: ResultView["scores"] } | null;
        }[];
      }[];
    };
    const body = await getJson<Compared>(
      p.owner.cookie,
      runsPath(p, `/compare?runs=${base.id}&runs=${worse.id}`),
    );
    const [c] = body.comparisons;
    expect(c?.metrics.map((m) => [m.scorer, m.test, m.verdict])).toEqual([
      ["exact", "mcnemar", "worse"],
      ["length", "wilcoxon", "better"],
    ]);
    expect(c?.outputs.map((o) => o.rowKey)).toEqual([...new Set(c?.records.map((r) => r.rowKey))]);
    const first = c?.outputs[0];
    expect(first?.inputs).toMatch(/^\{"q":"q\d+"\}$/);
    expect(first?.baseline).toMatchObject({ text: expect.stringMatching(/^right \d+$/), truncated: false });
    expect(first?.candidate?.truncated).toBe(true);
    expect(first?.candidate?.text).toHaveLength(8_000);
    // Each side says why: its scores, with their rationales.
    const exact = (side: typeof first.baseline) => side?.scores.find((s) => s.scorer === "exact");
    expect(exact(first?.baseline)).toMatchObject({ passed: true, rationale: "Same as expected." });
    expect(exact(first?.candidate)).toMatchObject({ passed: false, rationale: "Differs." });
    expect(first?.candidate?.scores.map((s) => s.scorer)).toEqual(["exact", "length"]);
  });

  it("name the dataset version their records come from, listed with that dataset's runs", async () => {
    const p = await traceProject();
    const other = await traceProject();
    const d = await newDataset(p);
    await merge(p, d.id, [{ inputs: { q: "a" } }, { inputs: { q: "b" } }]);
    const theirs = await newDataset(other);
    const body = (dataset: object) => ({
      name: "app over dataset",
      data: { records: [record("a", "yes", true)], open: false, dataset },
      codeScorers: ["exact", "length"],
    });
    const res = await post(p, "", body({ id: d.id }));
    expect(res.status, await res.clone().text()).toBe(202);
    const run = (await res.json()) as RunView;
    expect(run).toMatchObject({ source: "records", dataset: { id: d.id, version: 1 } });
    const listed = await getJson<{ runs: RunView[] }>(p.owner.cookie, runsPath(p, `?datasetId=${d.id}`));
    expect(listed.runs.map((r) => r.id)).toEqual([run.id]);
    // Another project's dataset, or a version the dataset lacks: 404, and no run.
    await expectError(await post(p, "", body({ id: theirs.id })), 404, "NOT_FOUND");
    await expectError(await post(p, "", body({ id: d.id, version: 2 })), 404, "NOT_FOUND");
    const all = await getJson<{ runs: RunView[] }>(p.owner.cookie, runsPath(p));
    expect(all.runs.map((r) => r.id)).toEqual([run.id]);
  });

  it("keep another tenant, a missing credential and a read-only key out of a run's rows", async () => {
    const p = await traceProject();
    const other = await traceProject();
    const run = await codeRun(p, [record("a", "yes", true)], true);
    const path = runsPath(p, `/${run.id}/rows`);
    const body = { seq: 1, records: [record("b", "no", false)] };
    const { key: readKey } = await createKey(p.owner, ["read"]);
    const { key: writeKey } = await createKey(p.owner, ["write"]);
    await expectError(await asKey("", path, { method: "POST", json: body }), 401, "UNAUTHENTICATED");
    await expectError(await asKey(readKey, path, { method: "POST", json: body }), 403, "FORBIDDEN");
    await expectError(
      await asUser(
        other.owner.cookie,
        `/api/v1/projects/${other.owner.projectId}/evaluations/${run.id}/rows`,
        {
          method: "POST",
          json: body,
        },
      ),
      404,
      "NOT_FOUND",
    );
    expect((await read(p, run.id)).progress).toEqual(run.progress);
    expect((await asKey(writeKey, path, { method: "POST", json: body })).status).toBe(200);
  });

  it("go with their run when it is deleted: rows, results and scores, audited; others keep out", async () => {
    const p = await traceProject();
    const other = await traceProject();
    const run = await codeRun(p, [record("a", "yes", true), record("b", "no", false)]);
    const kept = await codeRun(p, [record("a", "yes", true)]);
    const path = runsPath(p, `/${run.id}`);
    const { key: readKey } = await createKey(p.owner, ["read"]);
    await expectError(await asKey("", path, { method: "DELETE" }), 401, "UNAUTHENTICATED");
    await expectError(await asKey(readKey, path, { method: "DELETE" }), 403, "FORBIDDEN");
    await expectError(
      await asUser(other.owner.cookie, `/api/v1/projects/${other.owner.projectId}/evaluations/${run.id}`, {
        method: "DELETE",
      }),
      404,
      "NOT_FOUND",
    );
    expect((await read(p, run.id)).rows).toBe(2);
    const scoresOf = async (runId: string) => {
      const [row] = await testOrgDb(p.owner.orgId).all<{ n: number }>(
        sql`select count(*) as n from assessments where project_id = ${p.owner.projectId} and run_id = ${runId}`,
      );
      return row?.n;
    };
    expect(await scoresOf(run.id)).toBe(4);

    expect((await asUser(p.owner.cookie, path, { method: "DELETE" })).status).toBe(204);
    await expectError(await asUser(p.owner.cookie, path), 404, "NOT_FOUND");
    await expectError(await asUser(p.owner.cookie, `${path}/results`), 404, "NOT_FOUND");
    await expectError(await asUser(p.owner.cookie, path, { method: "DELETE" }), 404, "NOT_FOUND");
    expect(await scoresOf(run.id)).toBe(0);
    // The other run of the project is untouched.
    expect(await scoresOf(kept.id)).toBe(2);
    expect((await read(p, kept.id)).rows).toBe(1);
    const audit = await getJson<{ entries: { action: string; target: { id: string } | null }[] }>(
      p.owner.cookie,
      `/api/v1/orgs/${p.owner.orgId}/audit-log`,
    );
    expect(audit.entries.filter((e) => e.action === "evaluation.delete").map((e) => e.target?.id)).toEqual([
      run.id,
    ]);
  });
});
