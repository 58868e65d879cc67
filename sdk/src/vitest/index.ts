/**
 * `@sightline/sdk/vitest`: eval cases kept as tests. describeEval() makes a describe block of
 * concurrent tests, one per case; the block is one evaluation run, each case a row of it, judged
 * by the run's registered scorers on the server (and code scorers here), and a case's test fails
 * when a result misses its gate. predictFn's answers are cached by input hash in a file, so a
 * rerun with nothing changed makes no model calls.
 */
// Vitest is an optional peer dependency: only this entry point loads it.
import { afterAll, describe, test } from "vitest";
import { invalidInput } from "../api.ts";
import { argumentsOf, shown } from "../assessments.ts";
import { isObject, optionalInteger, optionalString } from "../checks.ts";
import type { SightlineClient } from "../client.ts";
import type { EvalRecord, EvaluateOptions } from "../evaluation-types.ts";
import { DEFAULT_CACHE_PATH } from "./cache.ts";
import { call, SuiteRun } from "./run.ts";
import { type CaseGate, checkGates, failureMessage, failuresOf } from "./verdict.ts";

export type { CaseGate } from "./verdict.ts";
export { DEFAULT_CACHE_PATH };

/** A case: a record as evaluate() takes it, and the name of its test (default: its inputs, shortened). */
export interface EvalCase extends EvalRecord {
  name?: string;
}

/** evaluate()'s options that mean the same here: predictFn (required), scorers, params, tags, retries. */
type SharedOptions = Required<Pick<EvaluateOptions, "predictFn">> &
  Pick<EvaluateOptions, "scorers" | "params" | "tags" | "retries" | "retryDelayMs">;

export interface DescribeEvalOptions extends SharedOptions {
  /** The cases, each one test. A run holds each record once: two cases with the same inputs are refused. */
  data: EvalCase[];
  /** Per scorer name, what its result must be for a case to pass. Default `"pass"` for every scorer. */
  gates?: Record<string, CaseGate>;
  /** Cases in flight at once (predicting, then waiting for their scores). Default 5. */
  concurrency?: number;
  /**
   * The predict cache: `{ version, path }`, or false for none. `version` (a prompt id, a model,
   * your app's version) is in every key: change it when the application changes. Default path
   * `.sightline/vitest-cache.json` below the working folder.
   */
  cache?: false | { version?: string; path?: string };
  /** The run's name. Default: the block's. */
  name?: string;
  /** Each case's test timeout, predicting and scoring included. Default 120,000 ms. */
  timeout?: number;
  /** How often the run's results are read while cases wait for their scores. Default 250 ms. */
  pollIntervalMs?: number;
  /** The client to use. Default: init()'s when the first case runs (call init() in the file, a setup file or a beforeAll). */
  client?: SightlineClient;
}

/** A test's name from its inputs: a lone string as it is, else their JSON, shortened. */
function caseName(c: EvalCase, index: number): string {
  if (c.name !== undefined) return c.name;
  const values = isObject(c.inputs) ? Object.values(c.inputs) : [];
  const text = values.length === 1 && typeof values[0] === "string" ? values[0] : shown(c.inputs);
  return `${index + 1}. ${text.length > 80 ? `${text.slice(0, 79)}…` : text}`;
}

function checkOptions(options: DescribeEvalOptions): void {
  const { data, predictFn, scorers, name, concurrency, timeout, retries, retryDelayMs, pollIntervalMs } =
    argumentsOf(call, options);
  if (!Array.isArray(data) || data.length === 0)
    throw invalidInput(
      call,
      `data must be a non-empty list of cases { inputs, expectations?, name? }, got ${shown(data)}`,
    );
  if (data.some((c) => c?.name !== undefined && typeof c.name !== "string"))
    throw invalidInput(call, "a case's name must be a string");
  if (typeof predictFn !== "function")
    throw invalidInput(call, `predictFn must be a function, got ${shown(predictFn)}`);
  if (!Array.isArray(scorers) || scorers.length === 0)
    throw invalidInput(call, "scorers must list at least one registered scorer");
  optionalString(call, "name", name);
  optionalInteger(call, "concurrency", concurrency, 1);
  optionalInteger(call, "timeout", timeout, 1);
  optionalInteger(call, "retries", retries, 0);
  optionalInteger(call, "retryDelayMs", retryDelayMs, 0);
  optionalInteger(call, "pollIntervalMs", pollIntervalMs, 10);
  const { cache } = options;
  if (cache !== undefined && cache !== false && !isObject(cache))
    throw invalidInput(call, `cache must be false or { version?, path? }, got ${shown(cache)}`);
  if (isObject(cache)) {
    optionalString(call, "cache.version", cache.version);
    optionalString(call, "cache.path", cache.path);
  }
}

/**
 * A describe block of eval cases: each case a concurrent test, the block one evaluation run
 * (started by its first case, closed when it ends, its page logged). A case fails when
 * predictFn fails after its retries, or when a scorer's result misses its gate.
 */
export function describeEval(name: string, options: DescribeEvalOptions): void {
  checkOptions(options);
  const gates = checkGates(call, options.gates);
  describe(name, () => {
    const run = new SuiteRun({
      client: options.client,
      name: options.name ?? name,
      suite: name,
      cases: options.data,
      predictFn: options.predictFn,
      scorers: options.scorers,
      params: options.params,
      tags: options.tags,
      retries: options.retries ?? 3,
      retryDelayMs: options.retryDelayMs ?? 1_000,
      pollIntervalMs: options.pollIntervalMs ?? 250,
      cache:
        options.cache === false
          ? false
          : { path: options.cache?.path ?? DEFAULT_CACHE_PATH, version: options.cache?.version ?? null },
    });
    const slots = import("p-limit").then(({ default: pLimit }) => pLimit(options.concurrency ?? 5));
    afterAll(async () => {
      const url = await run.close();
      if (url) console.info(`${name}: Sightline run ${url}`);
    });
    for (const [index, c] of options.data.entries())
      test(caseName(c, index), { concurrent: true, timeout: options.timeout ?? 120_000 }, async (ctx) => {
        const limit = await slots;
        const result = await limit(() => run.runCase(index, ctx.task.file.filepath, ctx.signal));
        if (result.error !== undefined) throw new Error(`predictFn failed: ${result.error}`);
        const failures = failuresOf(result.scores, gates);
        if (failures.length > 0) throw new Error(failureMessage(failures, result.outputs));
      });
  });
}
