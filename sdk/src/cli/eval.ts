/**
 * `sightline eval`: an evaluation run from a config module (the application runs here, as
 * evaluate() runs it) or over a dataset's recorded outputs, then its gates and, with a baseline,
 * the comparison that fails on a detectable regression. Exit codes: 0 passed, 1 a gate failed
 * (or the run did not complete), 2 a usage or connection error, 130 interrupted (run cancelled).
 */
import { writeFile } from "node:fs/promises";
import type { SightlineClient } from "../client.ts";
import { SightlineError } from "../errors.ts";
import type { EvaluateOptions, EvaluateResult } from "../evaluation-types.ts";
import { interruptible, parse, UsageError } from "./args.ts";
import { loadEvalConfig } from "./eval-config.ts";
import { type EvalOutcome, evalProgress, markdownSummary, terminalReport } from "./eval-report.ts";
import {
  type BaselineCheck,
  checkBaseline,
  checkGate,
  type Gate,
  latestBaseline,
  parseGate,
} from "./gates.ts";
import { junitXml } from "./junit.ts";
import { progressWriter } from "./progress.ts";

export const USAGE = `  sightline eval CONFIG [--gate EXPR]… [--max-error-rate R] [--baseline RUN_ID|latest[:NAME]]
                 [--junit FILE] [--summary FILE] [--name NAME] [--concurrency N] [--repeats N]
  sightline eval --dataset NAME [--version N] --scorer NAME… [the same options]
      Runs CONFIG (a .ts, .js or .mjs module exporting data, predictFn, scorers and optionally
      gates, name, params) as an evaluation run, or scores a dataset version's recorded outputs
      with registered scorers; shows its progress and a metrics table. --gate "correctness/mean>=0.9"
      (>=, >, <=, <, ==; repeatable) fails when the metric misses it, has no valid values, or more
      than --max-error-rate (default 0.1) of its scorer's results are errors or missing.
      --baseline compares with a run (latest: the newest completed run on the same dataset, or of
      the same name; latest:NAME, of that name) and fails when a gated scorer got worse beyond
      noise, listing the regressed records. --junit writes JUnit XML, --summary a Markdown summary for a pull request.
      Exit codes: 0 passed, 1 a gate failed, 2 usage or connection error, 130 interrupted.`;

const OPTIONS = {
  dataset: { type: "string" },
  version: { type: "string" },
  scorer: { type: "string", multiple: true },
  gate: { type: "string", multiple: true },
  "max-error-rate": { type: "string" },
  baseline: { type: "string" },
  junit: { type: "string" },
  summary: { type: "string" },
  name: { type: "string" },
  concurrency: { type: "string" },
  repeats: { type: "string" },
} as const;

function integerOf(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${flag} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

function shareOf(value: string | undefined): number {
  if (value === undefined) return 0.1;
  const n = Number(value);
  if (value.trim() === "" || !(n >= 0 && n <= 1))
    throw new UsageError(`--max-error-rate must be a share from 0 to 1, got "${value}"`);
  return n;
}

type Values = ReturnType<typeof parse<typeof OPTIONS>>["values"];

/** What to run: the config module's exports, or a dataset and scorers, with the flags over them. */
async function planOf(
  values: Values,
  config: string | undefined,
): Promise<{ options: EvaluateOptions; gates: string[] }> {
  const common = {
    name: values.name,
    concurrency: integerOf("concurrency", values.concurrency, 1),
    repeats: integerOf("repeats", values.repeats, 1),
  };
  const given = Object.fromEntries(Object.entries(common).filter(([, v]) => v !== undefined));
  if (config !== undefined) {
    if (values.dataset !== undefined || values.scorer !== undefined)
      throw new UsageError("give a CONFIG, or --dataset with --scorer, not both");
    const { gates = [], ...options } = await loadEvalConfig(config);
    return { options: { ...options, ...given }, gates };
  }
  if (values.dataset === undefined)
    throw new UsageError("sightline eval needs a CONFIG file or --dataset NAME");
  if (!values.scorer?.length) throw new UsageError("--dataset needs at least one --scorer NAME");
  const version = integerOf("version", values.version, 1);
  return {
    options: { data: { dataset: values.dataset, version }, scorers: values.scorer, ...given },
    gates: [],
  };
}

/** The comparison with `--baseline`, or why there is none. */
async function compareWithBaseline(
  sightline: SightlineClient,
  baseline: string,
  result: EvaluateResult,
  gates: Gate[],
): Promise<{ check: BaselineCheck | null; note: string | null }> {
  const latest = /^latest(?::(.+))?$/.exec(baseline);
  const name = latest?.[1];
  const id = latest ? latestBaseline(await sightline.evaluations.list(), result.run, name)?.id : baseline;
  if (id === undefined) {
    const what =
      name !== undefined || !result.run.dataset ? `named "${name ?? result.run.name}"` : "on this dataset";
    return {
      check: null,
      note: `No earlier completed run ${what} to compare with: the baseline check is skipped.`,
    };
  }
  const comparison = await sightline.evaluations.compare([id, result.runId]);
  const versus = comparison.comparisons[0] ?? { metrics: [], records: [] };
  const gated = gates.length > 0 ? [...new Set(gates.map((g) => g.scorer))] : null;
  // The dashboard's comparison page sits beside the run's: …/evaluations/compare?runs=BASE&runs=RUN.
  const query = new URLSearchParams([
    ["runs", id],
    ["runs", result.runId],
  ]);
  const url = result.url.replace(/\/[^/]*$/, `/compare?${query}`);
  return { check: checkBaseline(id, versus, gated, url), note: null };
}

async function writeReport(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function runAndReport(args: string[], client: () => SightlineClient): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  const [config, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError("sightline eval takes one CONFIG file");
  const maxErrorRate = shareOf(values["max-error-rate"]);
  const flagGates = (values.gate ?? []).map(parseGate);
  const plan = await planOf(values, config);
  const gates = [...plan.gates.map(parseGate), ...flagGates];
  const sightline = client();

  // Ctrl-C cancels the run on the server; a second one leaves at once.
  const stop = interruptible("cancelling the run");
  const progress = progressWriter(process.stderr, evalProgress);
  let announced = false;
  let result: EvaluateResult;
  try {
    result = await sightline.evaluate({
      ...plan.options,
      onProgress: (p) => {
        // The run's link first, so it can be opened while the run goes.
        if (!announced) process.stderr.write(`Watch the run live: ${p.url}\n`);
        announced = true;
        progress.show(p);
      },
      signal: stop.signal,
    });
  } finally {
    progress.end();
    stop.release();
  }
  const checked = gates.map((g) => checkGate(g, result, maxErrorRate));
  const { check, note } =
    values.baseline === undefined
      ? { check: null, note: null }
      : await compareWithBaseline(sightline, values.baseline, result, gates);
  const outcome: EvalOutcome = {
    result,
    gates: checked,
    baseline: check,
    baselineNote: note,
    passed: result.run.status === "completed" && checked.every((g) => g.passed) && !check?.failed,
  };
  process.stdout.write(`${terminalReport(outcome)}\n`);
  if (values.junit !== undefined) await writeReport(values.junit, await junitXml(outcome));
  if (values.summary !== undefined) await writeReport(values.summary, markdownSummary(outcome));
  return outcome.passed ? 0 : 1;
}

export async function evalCommand(args: string[], client: () => SightlineClient): Promise<number> {
  if (args[0] === "--help" || args[0] === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    return await runAndReport(args, client);
  } catch (error) {
    if (!(error instanceof SightlineError)) throw error;
    process.stderr.write(`sightline: ${error.message}\n`);
    // Interrupted: the run was cancelled. Anything else the API or the SDK refused: usage or connection.
    return error.kind === "aborted" ? 130 : 2;
  }
}
