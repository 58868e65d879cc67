/**
 * evaluate() with code scorers only: no registered scorer, the run declares the code scorers and
 * takes their results with its rows, so the returned metrics are the server run's, and
 * evaluations.compare() tests them (McNemar's for pass/fail, Wilcoxon's for numbers) with both
 * runs' outputs for the changed records.
 */
import { describe, expect, it } from "vitest";
import { scorer } from "../src/index.ts";
import { newClient } from "./stack-clients.ts";

const polite = scorer("polite", ({ outputs }) => String(outputs).includes("please"));
const words = scorer("words", ({ outputs }) => String(outputs).split(/\s+/).length);

const questions = Array.from({ length: 16 }, (_, i) => ({ inputs: { question: `question ${i}` } }));

describe("code scorers in the server's run", () => {
  it("are the run's metrics, and compared between runs", async () => {
    const client = await newClient("code-scorers");
    const run = (app: (i: number) => string) =>
      client.evaluate({
        data: questions,
        predictFn: ({ question }) => app(Number(String(question).split(" ")[1])),
        scorers: [polite, words],
        pollIntervalMs: 100,
      });
    const base = await run((i) => `Answer ${i}, please ask again.`);
    expect(base.run).toMatchObject({
      scorers: [],
      codeScorers: ["polite", "words"],
      status: "completed",
      progress: { total: 32, done: 32, errors: 0 },
    });
    expect(base.metrics).toEqual(base.run.metrics);
    expect(base.metrics["polite/pass_rate"]).toBe(1);
    expect(base.metrics["words/mean"]).toBe(5);
    expect(base.scorerMetrics.map((m) => [m.name, m.source, m.kind])).toEqual([
      ["polite", "code", "pass_fail"],
      ["words", "code", "numeric"],
    ]);

    // Twelve answers lose the "please" and grow by two words.
    const worse = await run((i) =>
      i < 12 ? `Answer ${i}: ask again some other day.` : `Answer ${i}, please ask again.`,
    );
    expect(worse.metrics["polite/pass_rate"]).toBe(0.25);
    const comparison = await client.evaluations.compare([base.runId, worse.runId]);
    const [c] = comparison.comparisons;
    expect(c?.metrics.map((m) => [m.scorer, m.test, m.verdict])).toEqual([
      ["polite", "mcnemar", "worse"],
      ["words", "wilcoxon", "better"],
    ]);
    expect(c?.records.filter((r) => r.change === "regressed")).toHaveLength(12);
    const first = c?.outputs?.[0];
    expect(first?.baseline?.text).toMatch(/^Answer \d+, please ask again\.$/);
    expect(first?.candidate?.text).toMatch(/^Answer \d+: ask again some other day\.$/);
  });
});
