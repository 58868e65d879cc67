/**
 * evaluate() against the real local stack (stack-setup.ts): records predicted in this process,
 * each in its own trace marked with the run and record, scored by a rule scorer on the server and
 * a code scorer here (its results sent with the rows: the run's CODE assessments on the trace,
 * in the server's metrics and comparisons); a predictFn that throws for one record
 * (that row's error, the run completes) and one that fails once (retried); a dataset's recorded
 * outputs scored by a dataset run; traces under a filter; an AbortSignal or Ctrl-C cancelling
 * the run; mistakes refused before anything starts; two runs compared.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { type EvaluateProgress, rules, type SightlineClient, scorer } from "../src/index.ts";
import { rejection } from "./rejection.ts";
import { baseUrl, credentialsOf, getInProject, newClient, waitForTrace } from "./stack-clients.ts";

const mentionsRefund = (client: SightlineClient) =>
  client.createScorer({ name: "mentions_refund", definition: rules.contains(["refund"]) });

/** A code scorer: the answer is at most 40 characters. */
const short = scorer("short", ({ outputs }) => ({
  value: String(outputs).length <= 40,
  rationale: `${String(outputs).length} characters`,
}));

const questions = ["Where is my refund?", "Can I pay by card?", "Refund for order 7?", "Opening hours?"];

describe("evaluate() over records", () => {
  it("predicts each record in its own trace, scores on the server and here, and keeps a failed record as its error", async () => {
    const client = await newClient("evaluate");
    await mentionsRefund(client);
    let flaky = 0;
    const app = async ({ question }: Record<string, unknown>) => {
      if (question === "Opening hours?") throw new Error("the model is down");
      // Fails on its first call only: retried, then answered.
      if (question === "Can I pay by card?" && flaky++ === 0) throw new Error("429 rate limited");
      return String(question).toLowerCase().includes("refund")
        ? "Your refund was sent today."
        : "We take all major cards at checkout, online and in every store.";
    };
    const seen: EvaluateProgress[] = [];
    const result = await client.evaluate({
      data: questions.map((question, i) => ({
        inputs: { question },
        expectations: { expected_response: `answer ${i}` },
      })),
      predictFn: app,
      scorers: ["mentions_refund", short],
      name: "support v1",
      params: { model: "gpt-4o-mini" },
      tags: { branch: "main" },
      concurrency: 2,
      retryDelayMs: 10,
      pollIntervalMs: 100,
      onProgress: (p) => seen.push(p),
    });

    expect(result.run).toMatchObject({
      name: "support v1",
      status: "completed",
      source: "records",
      rows: 4,
      open: false,
      params: { model: "gpt-4o-mini" },
      tags: { branch: "main" },
      codeScorers: ["short"],
      // Three answered records, each a unit of the rule and one of the code scorer.
      progress: { total: 6, done: 6, errors: 0 },
    });
    expect(result.url).toMatch(new RegExp(`/p/prj_[^/]+/evaluations/${result.runId}$`));
    // Server: the three answered records; two mention a refund, two of three are short.
    expect(result.metrics).toEqual(result.run.metrics);
    expect(result.metrics["mentions_refund/pass_rate"]).toBeCloseTo(2 / 3);
    expect(result.metrics["short/pass_rate"]).toBeCloseTo(2 / 3);
    expect(result.metrics["short/mean"]).toBeCloseTo(2 / 3);
    const shortMetrics = result.scorerMetrics.find((m) => m.name === "short");
    expect(shortMetrics).toMatchObject({
      source: "code",
      count: 3,
      errors: 0,
      kind: "pass_fail",
      passRate: 2 / 3,
    });
    expect(result.scorerMetrics).toEqual(result.run.scorerMetrics);
    expect(shortMetrics?.meanInterval?.low).toBeGreaterThan(0);
    expect(result.run.latency.mean).toBeGreaterThanOrEqual(0);

    const byQuestion = new Map(result.rows.map((r) => [(r.inputs as { question: string }).question, r]));
    expect(result.rows).toHaveLength(4);
    const failed = byQuestion.get("Opening hours?");
    expect(failed).toMatchObject({ error: "Error: the model is down", outputs: null, scores: [] });
    const card = byQuestion.get("Can I pay by card?");
    expect(card?.error).toBeNull();
    expect(card?.latencyMs).toEqual(expect.any(Number));
    expect(card?.expectations).toEqual({ expected_response: "answer 1" });
    expect(card?.scores.map((s) => [s.scorer, s.passed, s.scorerVersionId === null])).toEqual([
      ["mentions_refund", false, false],
      ["short", false, true],
    ]);
    expect(flaky).toBe(2);

    // Each record's trace carries the run and the record; the code scorer's result is on it, once, as the run's.
    const refund = byQuestion.get("Where is my refund?");
    expect(refund?.traceId).toMatch(/^[0-9a-f]{32}$/);
    const trace = await waitForTrace<{ spans: { name: string; attributes: Record<string, unknown> }[] }>(
      client,
      refund?.traceId ?? "",
    );
    expect(trace.spans[0]?.attributes).toMatchObject({
      "sightline.run_id": result.runId,
      "sightline.record_id": refund?.rowKey,
    });
    const shortScore = refund?.scores.find((s) => s.scorer === "short");
    expect(shortScore).toMatchObject({
      value: true,
      rationale: "27 characters",
      assessmentId: expect.any(String),
    });
    const feedback = await client.getAssessments({ traceId: refund?.traceId ?? "" });
    expect(feedback.filter((a) => a.name === "short")).toEqual([
      expect.objectContaining({
        id: shortScore?.assessmentId,
        value: true,
        source: { type: "CODE", id: "short" },
        runId: result.runId,
      }),
    ]);
    // The failed record has its trace too, with the error.
    expect(failed?.traceId).toMatch(/^[0-9a-f]{32}$/);

    expect(seen.filter((p) => p.stage === "predicting").map((p) => p.predicted)).toEqual([1, 2, 3, 4]);
    expect(seen.at(-1)).toMatchObject({ stage: "done", records: 4, predicted: 4, failed: 1 });
  });

  it("scores recorded outputs without a predictFn, and a dataset's recorded outputs as a dataset run", async () => {
    const client = await newClient("recorded");
    const registered = await mentionsRefund(client);
    const records = [
      { inputs: { q: "a" }, outputs: "refund issued" },
      { inputs: { q: "b" }, outputs: "no idea, sorry, there is nothing I can do about that today" },
    ];
    const fromRecords = await client.evaluate({ data: records, scorers: [registered, short] });
    expect(fromRecords.metrics).toMatchObject({ "mentions_refund/pass_rate": 0.5, "short/pass_rate": 0.5 });
    expect(fromRecords.rows.map((r) => r.traceId)).toEqual([null, null]);
    // Stored with the run (no trace to put it on).
    expect(fromRecords.rows[0]?.scores.find((s) => s.scorer === "short")?.assessmentId).toEqual(
      expect.any(String),
    );

    const dataset = await client.datasets.create({ name: "golden" });
    await client.datasets.merge({ datasetId: dataset.id, records: [...records, { inputs: { q: "c" } }] });
    await client.datasets.merge({
      datasetId: dataset.id,
      records: [{ inputs: { q: "d" }, outputs: "refund" }],
    });
    const fromDataset = await client.evaluate({
      data: { dataset: "golden", version: 1 },
      scorers: [{ scorerId: registered.id }, short],
      pollIntervalMs: 100,
    });
    // With a code scorer, the dataset's records go to the run with their recorded outputs, keyed by record id.
    expect(fromDataset.run).toMatchObject({
      source: "records",
      dataset: { id: dataset.id, version: 1 },
      codeScorers: ["short"],
      rows: 3,
      status: "completed",
    });
    expect(
      fromDataset.rows.map((r) => [r.recordId !== null, r.error === null, r.scores.length]).sort(),
    ).toEqual([
      [true, false, 0],
      [true, true, 2],
      [true, true, 2],
    ]);
    expect(fromDataset.metrics["short/mean"]).toBe(0.5);
  });

  it("runs predictFn over a dataset's records at a version, rows keyed by the record ids", async () => {
    const client = await newClient("dataset-predict");
    await mentionsRefund(client);
    const dataset = await client.datasets.create({ name: "questions" });
    await client.datasets.merge({
      datasetId: dataset.id,
      records: questions.map((question) => ({ inputs: { question } })),
    });
    const stored = await client.datasets.records({ datasetId: dataset.id });
    const result = await client.evaluate({
      data: dataset.id,
      predictFn: ({ question }) => `About "${String(question)}": a refund is possible.`,
      scorers: ["mentions_refund"],
      pollIntervalMs: 100,
    });
    // The run is the dataset's (listed with its runs, the next run's `latest` baseline).
    expect(result.run).toMatchObject({
      source: "records",
      dataset: { id: dataset.id, version: 1 },
      rows: 4,
      status: "completed",
    });
    expect(result.metrics["mentions_refund/pass_rate"]).toBe(1);
    expect(result.rows.map((r) => r.rowKey).sort()).toEqual(stored.records.map((r) => r.id).sort());
    expect(result.rows.every((r) => r.recordId === r.rowKey)).toBe(true);
  });
});

describe("evaluate() over traces", () => {
  it("scores the project's traces under a trace-list filter on the server, and code scorers on its rows", async () => {
    const client = await newClient("traces");
    await mentionsRefund(client);
    const answers = {
      "Refund?": "A refund is on its way.",
      "Hours?": "We open at nine, every day but Sunday, until six.",
    };
    const traceIds: string[] = [];
    for (const [question, answer] of Object.entries(answers))
      traceIds.push(
        await client.withSpan({ name: "support", inputs: { question } }, async (span) => {
          span.setOutputs(answer);
          return span.traceId;
        }),
      );
    await client.withSpan({ name: "billing", inputs: { question: "Invoice?" } }, () => "refund");
    await client.flush();
    for (const traceId of traceIds) await waitForTrace(client, traceId);

    const result = await client.evaluate({
      data: { traces: { filter: { name: "support" }, limit: 10 } },
      scorers: ["mentions_refund", short],
      pollIntervalMs: 100,
    });
    expect(result.run).toMatchObject({ source: "traces", rows: 2, status: "completed" });
    expect(new Set(result.rows.map((r) => r.traceId))).toEqual(new Set(traceIds));
    expect(result.metrics).toMatchObject({ "mentions_refund/pass_rate": 0.5, "short/pass_rate": 0.5 });
    // Scored here, not logged on those (production) traces.
    expect(
      result.rows.flatMap((r) => r.scores.filter((s) => s.scorer === "short").map((s) => s.assessmentId)),
    ).toEqual([null, null]);
    const refused = await rejection(
      client.evaluate({
        data: { traces: { filter: {} } },
        predictFn: () => "x",
        scorers: ["mentions_refund"],
      }),
    );
    expect(refused.message).toContain("predictFn cannot run over traces");
  });
});

describe("evaluate() stopped", () => {
  it("cancels the run on the server when its AbortSignal aborts, and rejects with kind aborted", async () => {
    const client = await newClient("abort");
    await mentionsRefund(client);
    const stop = new AbortController();
    let calls = 0;
    const pending = client.evaluate({
      data: Array.from({ length: 40 }, (_, i) => ({ inputs: { i } })),
      predictFn: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 100));
        return "refund";
      },
      scorers: ["mentions_refund"],
      concurrency: 2,
      onProgress: (p) => {
        if (p.predicted === 3) stop.abort();
      },
      signal: stop.signal,
    });
    const error = await rejection(pending);
    expect(error.kind).toBe("aborted");
    const runId = /run (\S+) was cancelled/.exec(error.message)?.[1];
    expect(runId).toBeDefined();
    const run = await client.evaluations.get(runId ?? "");
    expect(run.status).toBe("cancelled");
    expect(run.open).toBe(false);
    // No predict call starts after the abort (two were on their way).
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBeLessThanOrEqual(6);
  });

  it("cancels the run on Ctrl-C without a signal, then ends the process as SIGINT would", async () => {
    const client = await newClient("ctrl-c");
    await mentionsRefund(client);
    const { key } = credentialsOf(client);
    const dir = await mkdtemp(join(tmpdir(), "sightline-ctrl-c-"));
    const script = join(dir, "evaluate.mjs");
    await writeFile(
      script,
      `import { SightlineClient } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, "..", "src", "index.ts")).href)};
const client = new SightlineClient({ apiKey: process.env.KEY, baseUrl: process.env.URL, onError: () => {} });
await client.evaluate({
  data: Array.from({ length: 40 }, (_, i) => ({ inputs: { i } })),
  predictFn: () => new Promise((r) => setTimeout(() => r("refund"), 200)),
  scorers: ["mentions_refund"],
  concurrency: 1,
  onProgress: (p) => process.stdout.write(\`run \${p.runId}\\n\`),
});
console.log("finished");
`,
    );
    const child = spawn(process.execPath, [script], {
      env: { PATH: process.env.PATH, KEY: key, URL: baseUrl },
    });
    let stdout = "";
    let interrupted = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!interrupted && stdout.includes("run ")) interrupted = child.kill("SIGINT");
    });
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    await rm(dir, { recursive: true, force: true });
    expect(exit).toEqual({ code: null, signal: "SIGINT" });
    expect(stdout).not.toContain("finished");
    const runId = /run (run_\w+)/.exec(stdout)?.[1] ?? "";
    expect(await client.evaluations.get(runId)).toMatchObject({ status: "cancelled", open: false });
    // A run cut short is deleted: gone, its records with it.
    await client.evaluations.delete(runId);
    await expect(client.evaluations.get(runId)).rejects.toMatchObject({ kind: "api_error", status: 404 });
  });

  it("refuses mistakes before starting a run", async () => {
    const client = await newClient("refuse");
    await mentionsRefund(client);
    const cases: [unknown, RegExp][] = [
      [{ data: { traces: { filter: {} } }, scorers: [short] }, /a run over traces needs a registered scorer/],
      [
        { data: [{ inputs: { q: 1 } }], scorers: ["nope"] },
        /no scorer named "nope" \(it has mentions_refund\)/,
      ],
      [
        { data: [{ inputs: { q: 1 } }, { inputs: { q: 1 } }], scorers: ["mentions_refund"] },
        /data.1 is the same record as data.0/,
      ],
      [{ data: "no-such-dataset", scorers: ["mentions_refund"] }, /no dataset named/],
      [{ data: [{ q: 1 }], scorers: ["mentions_refund"] }, /data.0 must be \{ inputs/],
      [
        { data: [{ inputs: {} }], scorers: ["mentions_refund"], predictFn: "x" },
        /predictFn must be a function/,
      ],
    ];
    for (const [options, message] of cases) {
      const error = await rejection(client.evaluate(options as never));
      expect(error.kind, String(message)).toBe("invalid_input");
      expect(error.message).toMatch(message);
    }
    expect(await getInProject<{ runs: unknown[] }>(client, "/evaluations")).toEqual({ runs: [] });
  });
});

describe("evaluations.compare()", () => {
  it("compares a run with a rerun over the same records: regressions listed, the verdict per metric", async () => {
    const client = await newClient("compare");
    await mentionsRefund(client);
    const data = Array.from({ length: 30 }, (_, i) => ({ inputs: { i } }));
    const base = await client.evaluate({
      data,
      predictFn: () => "refund sent",
      scorers: ["mentions_refund"],
      pollIntervalMs: 100,
    });
    // The candidate stops mentioning refunds on 25 of the 30 records.
    const worse = await client.evaluate({
      data,
      predictFn: ({ i }) => (Number(i) < 25 ? "sent" : "refund sent"),
      scorers: ["mentions_refund"],
      pollIntervalMs: 100,
    });
    const comparison = await client.evaluations.compare([base.runId, worse.runId]);
    expect(comparison.baseline).toBe(base.runId);
    const [versus] = comparison.comparisons;
    expect(versus).toMatchObject({ candidate: worse.runId, pairs: 30 });
    expect(versus?.metrics[0]).toMatchObject({
      scorer: "mentions_refund",
      kind: "pass_fail",
      verdict: "worse",
    });
    expect(versus?.records.filter((r) => r.change === "regressed")).toHaveLength(25);
  });
});
