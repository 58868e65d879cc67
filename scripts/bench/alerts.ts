/**
 * Alert simulation (issue 17), no stack: the alert rule engine (workers/alerts) over seeded scored
 * traffic in 1-hour windows. BENCH_ALERT_DAYS (default 10,000) simulated days of stationary traffic
 * (pass rate 0.85) give the false alerts per 30 days; as many days again, cut into 10-day streams
 * that each drop to 0.70 at a known hour, give the detection delay (windows from the drop until
 * the rule is firing; 1 = the first dropped window). Our drop and threshold rules run next to a
 * plain threshold (the peers' kind: the point estimate against the threshold, no minimum samples,
 * no interval), at the same threshold and tuned to our drop rule's detection. Then a grid of
 * drop-rule settings, the measurements behind the defaults (docs/alerts.md).
 */
import {
  type AlertRule,
  AlertRuleConfig,
  type AlertRuleInput,
  DEFAULTS,
} from "../../workers/alerts/config.ts";
import { evaluateRule, INITIAL_MEMORY } from "../../workers/alerts/rules.ts";
import {
  type AlertState,
  type StateSettings,
  stepState,
  type Transition,
} from "../../workers/alerts/state.ts";
import { RollingBaseline, type WindowSums } from "../../workers/alerts/windows.ts";
import {
  BASELINE_WINDOWS,
  constantTraffic,
  type DropSegment,
  diurnalTraffic,
  dropSegments,
  fivePointWindow,
  passFailWindow,
  stationaryStream,
  type Traffic,
  type WindowMaker,
} from "./alerts-streams.ts";
import { percentile, round } from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const SUITE = "alerts";
const DAYS = Number(process.env.BENCH_ALERT_DAYS ?? 10_000);
const WINDOWS_PER_30_DAYS = 30 * 24;
const THRESHOLD = 0.8;

type Metric = "pass_rate" | "mean_score";
type Scenario = {
  name: string;
  metric: Metric;
  traffic: Traffic;
  make: WindowMaker;
  seed: number;
  grid: boolean;
};

const SCENARIOS: Scenario[] = [
  {
    name: "pass rate, 200/h",
    metric: "pass_rate",
    traffic: constantTraffic,
    make: passFailWindow,
    seed: 1,
    grid: true,
  },
  {
    name: "pass rate, 20–380/h over the day (mean 200)",
    metric: "pass_rate",
    traffic: diurnalTraffic,
    make: passFailWindow,
    seed: 2,
    grid: true,
  },
  {
    name: "mean score, 200/h",
    metric: "mean_score",
    traffic: constantTraffic,
    make: fivePointWindow,
    seed: 3,
    grid: false,
  },
];

/** A rule under test: `start` takes the week of history before the first evaluated window. */
type Detector = {
  name: string;
  start(history: WindowSums[]): (sums: WindowSums) => { state: AlertState; transition: Transition };
};

function ruleDetector(name: string, input: AlertRuleInput): Detector {
  const rule: AlertRule = AlertRuleConfig.parse(input);
  return {
    name,
    start(history) {
      let memory = INITIAL_MEMORY;
      // Only a drop rule reads past windows; a threshold rule need not keep them.
      const past = rule.kind === "drop" ? new RollingBaseline(rule.baselineWindows) : null;
      for (const sums of history) past?.push({ sums, firing: false });
      return (sums) => {
        const baseline = past?.baseline();
        const result = evaluateRule(rule, { current: sums, ...(baseline ? { baseline } : {}) }, memory);
        memory = result.memory;
        past?.push({ sums, firing: result.state === "firing" });
        return result;
      };
    },
  };
}

/** The peers' rule: fires whenever the window's point estimate is under the threshold. */
const PEERS: StateSettings = { m: 1, n: 1, resolveWindows: 1, cooldownWindows: 0 };

function plainDetector(name: string, metric: Metric, threshold: number, settings = PEERS): Detector {
  return {
    name,
    start() {
      let memory = INITIAL_MEMORY;
      return (sums) => {
        const s = sums.scores;
        const value = s ? (metric === "pass_rate" ? s.passes / s.judged : s.sum / s.scored) : Number.NaN;
        const step = stepState(settings, memory, value < threshold ? "holds" : "clear");
        memory = step.memory;
        return { state: step.memory.state, transition: step.transition };
      };
    },
  };
}

function falseAlertsPer30Days(detector: Detector, stream: WindowSums[]): number {
  const evaluate = detector.start(stream.slice(0, BASELINE_WINDOWS));
  let fired = 0;
  for (let i = BASELINE_WINDOWS; i < stream.length; i++) {
    const window = stream[i];
    if (window && evaluate(window).transition === "fired") fired++;
  }
  return fired / ((stream.length - BASELINE_WINDOWS) / WINDOWS_PER_30_DAYS);
}

type Detection = {
  delays: number[];
  missed: number;
  within2: number;
  /** Notifications (fires and resolves) from the drop to the end of its stream, per drop: 1 is ideal. */
  notificationsPerDrop: number;
};

/** Windows from each drop until the rule is firing (1 = the first dropped window). */
function detection(detector: Detector, segments: DropSegment[]): Detection {
  const delays: number[] = [];
  let missed = 0;
  let notifications = 0;
  for (const { windows, dropAt } of segments) {
    const evaluate = detector.start(windows.slice(0, BASELINE_WINDOWS));
    let delay: number | null = null;
    for (let i = BASELINE_WINDOWS; i < windows.length; i++) {
      const window = windows[i];
      if (!window) continue;
      const { state, transition } = evaluate(window);
      if (i < dropAt) continue;
      if (transition !== null) notifications++;
      if (delay === null && state === "firing") delay = i - dropAt + 1;
    }
    if (delay === null) missed++;
    else delays.push(delay);
  }
  delays.sort((a, b) => a - b);
  return {
    delays,
    missed,
    within2: delays.filter((d) => d <= 2).length / segments.length,
    notificationsPerDrop: notifications / segments.length,
  };
}

/**
 * The plain threshold that detects as fast as `target` (its share of drops caught within 2
 * windows): that share only grows with the threshold, so bisect for the lowest threshold reaching it.
 */
function tunePlain(metric: Metric, segments: DropSegment[], target: number): number | null {
  const within2 = (t: number) => detection(plainDetector("", metric, t), segments).within2;
  let low = 0;
  let high = 1;
  if (within2(high) < target) return null;
  for (let i = 0; i < 30; i++) {
    const mid = (low + high) / 2;
    if (within2(mid) >= target) high = mid;
    else low = mid;
  }
  return high;
}

type Measured = { name: string; falsePer30: number; found: Detection; segments: number };

function measure(detector: Detector, stream: WindowSums[], segments: DropSegment[]): Measured {
  return {
    name: detector.name,
    falsePer30: falseAlertsPer30Days(detector, stream),
    found: detection(detector, segments),
    segments: segments.length,
  };
}

function delayStats({ delays }: Detection) {
  const mean = delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : Number.NaN;
  return {
    mean: round(mean, 2),
    p50: percentile(delays, 50),
    p95: percentile(delays, 95),
    max: delays.at(-1) ?? Number.NaN,
  };
}

function rows(scenario: string, m: Measured): BenchRow[] {
  const row = (metric: string, value: number, unit: string, goal?: string): BenchRow => ({
    suite: SUITE,
    metric: `${scenario} · ${m.name}: ${metric}`,
    value,
    unit,
    ...(goal ? { goal } : {}),
  });
  const delay = delayStats(m.found);
  return [
    row("false alerts", round(m.falsePer30, 3), "per 30 days", "<= 1"),
    row("drops detected within 2 windows", round(100 * m.found.within2, 1), "%"),
    row("detection delay mean", delay.mean, "windows"),
    row("detection delay p50", delay.p50, "windows"),
    row("detection delay p95", delay.p95, "windows", "<= 2"),
    row("detection delay max", delay.max, "windows"),
    row("drops missed (stream ended first)", m.found.missed, `of ${m.segments}`),
    row("notifications while the drop lasts", round(m.found.notificationsPerDrop, 3), "per drop", "1"),
  ];
}

/** The scenario as one markdown table (docs/benchmarks.md takes it as printed). */
function printSummary(scenario: string, measured: Measured[]): void {
  console.log(`\n  ${scenario}\n`);
  console.log(
    "  | rule | false alerts / 30 days | within 2 windows | delay mean | p50 | p95 | max | missed | notifications per drop |",
  );
  console.log("  | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const m of measured) {
    const d = delayStats(m.found);
    console.log(
      `  | ${m.name} | ${round(m.falsePer30, 3)} | ${round(100 * m.found.within2, 1)} % | ${d.mean} | ${d.p50} | ${d.p95} | ${d.max} | ${m.found.missed} | ${round(m.found.notificationsPerDrop, 3)} |`,
    );
  }
  console.log("");
}

const ruleInputs = (metric: Metric) => ({
  drop: { kind: "drop", metric } satisfies AlertRuleInput,
  threshold: { kind: "threshold", metric, direction: "below", threshold: THRESHOLD } satisfies AlertRuleInput,
});

/** Drop-rule settings around the defaults: what alpha, m of n and the resolve run buy and cost. */
type DropSettings = Partial<
  Pick<
    Extract<AlertRuleInput, { kind: "drop" }>,
    "alpha" | "m" | "n" | "resolveWindows" | "cooldownWindows" | "minEffect"
  >
>;
const GRID: DropSettings[] = [
  ...[0.05, 0.01, 0.005, 0.001].flatMap((alpha) =>
    [
      [1, 1],
      [2, 2],
      [2, 3],
    ].map(([m = 1, n = 1]) => ({ alpha, m, n })),
  ),
  { resolveWindows: 1, cooldownWindows: 0 },
  { minEffect: 0.05 },
];

async function runScenario(scenario: Scenario): Promise<BenchRow[]> {
  const started = performance.now();
  const stream = stationaryStream(DAYS, scenario.traffic, scenario.make, scenario.seed);
  const segments = dropSegments(DAYS, scenario.traffic, scenario.make, scenario.seed + 100);
  const inputs = ruleInputs(scenario.metric);
  const drop = measure(ruleDetector("drop rule (defaults)", inputs.drop), stream, segments);
  const threshold = measure(
    ruleDetector(`threshold < ${THRESHOLD}, bound (defaults)`, inputs.threshold),
    stream,
    segments,
  );
  const plain = measure(
    plainDetector(`plain threshold < ${THRESHOLD}`, scenario.metric, THRESHOLD),
    stream,
    segments,
  );
  const measured = [drop, threshold, plain];
  const tuned = tunePlain(scenario.metric, segments, drop.found.within2);
  const out: BenchRow[] = [];
  if (tuned !== null) {
    const name = `plain threshold tuned to the drop rule's detection (< ${round(tuned, 4)})`;
    const tunedPlain = measure(plainDetector(name, scenario.metric, tuned), stream, segments);
    // The same cutoff with our resolve and cooldown: what the statistics add, apart from the state machine.
    const { m, n, resolveWindows, cooldownWindows } = DEFAULTS;
    const ours: StateSettings = { m, n, resolveWindows, cooldownWindows };
    const withOurs = plainDetector(`${name} + our resolve/cooldown`, scenario.metric, tuned, ours);
    measured.push(tunedPlain, measure(withOurs, stream, segments));
    // A ratio needs false alerts on our side; with none, the two rates above say it.
    if (drop.falsePer30 > 0) {
      out.push({
        suite: SUITE,
        metric: `${scenario.name} · false alerts, plain tuned ÷ drop rule (same detection within 2 windows)`,
        value: round(tunedPlain.falsePer30 / drop.falsePer30, 1),
        unit: "×",
        goal: "far more",
      });
    }
  }
  printSummary(scenario.name, measured);
  out.unshift(...measured.flatMap((m) => rows(scenario.name, m)));
  if (scenario.grid) {
    const grid: Measured[] = [];
    for (const settings of GRID) {
      const label = `drop rule, defaults but ${Object.entries(settings)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`;
      grid.push(measure(ruleDetector(label, { ...inputs.drop, ...settings }), stream, segments));
    }
    printSummary(`${scenario.name}: drop rule settings`, grid);
    out.push(...grid.flatMap((m) => rows(scenario.name, m).slice(0, 2)));
  }
  console.log(`  ${scenario.name}: ${round((performance.now() - started) / 1000, 1)} s`);
  return out;
}

export const alertsSuite: BenchSuite = {
  name: SUITE,
  description: `alert rules over ${DAYS.toLocaleString("en")} simulated days of stationary and of dropping traffic per scenario (no stack)`,
  needsStack: false,
  async run() {
    console.log(
      `  defaults: alpha ${DEFAULTS.alpha}, min effect ${DEFAULTS.minEffect}, m/n ${DEFAULTS.m}/${DEFAULTS.n}, resolve after ${DEFAULTS.resolveWindows} clear, cooldown ${DEFAULTS.cooldownWindows}, min samples ${DEFAULTS.minSamples}`,
    );
    const out: BenchRow[] = [];
    for (const scenario of SCENARIOS) out.push(...(await runScenario(scenario)));
    return out;
  },
};
