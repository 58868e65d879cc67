import type uPlot from "uplot";
import type { Granularity, MetricPoint, Metrics } from "../../api/traceTypes";

/**
 * Metrics rows → chart columns on a complete time axis: one slot per hour or day of the range
 * (buckets without data are zero for counts and gaps for latency).
 */
const STEP_MS: Readonly<Record<Granularity, number>> = { hour: 3_600_000, day: 86_400_000 };
/** Models beyond this many (by volume) are summed into "Other". */
const MAX_GROUPS = 6;

export interface TimeAxis {
  /** Unix seconds, one per slot. */
  x: number[];
  slotOf: (iso: string) => number;
}

export function timeAxis(from: string, to: string, granularity: Granularity): TimeAxis {
  const step = STEP_MS[granularity];
  const start = Math.floor(Date.parse(from) / step) * step;
  const end = Math.floor(Date.parse(to) / step) * step;
  const x: number[] = [];
  for (let time = start; time <= end && x.length < 2000; time += step) x.push(time / 1000);
  return {
    x,
    slotOf: (iso) => {
      const time = Math.floor(Date.parse(iso) / step) * step;
      return Number.isFinite(time) ? (time - start) / step : -1;
    },
  };
}

export interface OverallSeries {
  x: number[];
  traces: number[];
  errorTraces: number[];
  errorRate: (number | null)[];
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  inputTokens: number[];
  outputTokens: number[];
  cost: number[];
}

export function overallSeries(metrics: Metrics, axis: TimeAxis): OverallSeries {
  const size = axis.x.length;
  const zeros = () => new Array<number>(size).fill(0);
  const gaps = () => new Array<number | null>(size).fill(null);
  const out: OverallSeries = {
    x: axis.x,
    traces: zeros(),
    errorTraces: zeros(),
    errorRate: gaps(),
    p50: gaps(),
    p95: gaps(),
    p99: gaps(),
    inputTokens: zeros(),
    outputTokens: zeros(),
    cost: zeros(),
  };
  for (const point of metrics.series) {
    const slot = axis.slotOf(point.time);
    if (slot < 0 || slot >= size) continue;
    const traces = point.traces ?? 0;
    out.traces[slot] = (out.traces[slot] ?? 0) + traces;
    out.errorTraces[slot] = (out.errorTraces[slot] ?? 0) + (point.errorTraces ?? 0);
    out.inputTokens[slot] = (out.inputTokens[slot] ?? 0) + point.inputTokens;
    out.outputTokens[slot] = (out.outputTokens[slot] ?? 0) + point.outputTokens;
    out.cost[slot] = (out.cost[slot] ?? 0) + (point.costUsd ?? 0);
    if (traces > 0) {
      out.errorRate[slot] = point.errorRate ?? (point.errorTraces ?? 0) / traces;
      out.p50[slot] = point.latencyP50Ms;
      out.p95[slot] = point.latencyP95Ms;
      out.p99[slot] = point.latencyP99Ms;
    }
  }
  return out;
}

export interface GroupedSeries {
  groups: string[];
  tokens: number[][];
  cost: number[][];
}

/** Tokens and cost per model, the biggest MAX_GROUPS models by tokens and "Other". */
export function groupedSeries(points: readonly MetricPoint[], axis: TimeAxis): GroupedSeries {
  const totals = new Map<string, number>();
  for (const point of points) {
    const group = point.group ?? "(none)";
    totals.set(
      group,
      (totals.get(group) ?? 0) + point.inputTokens + point.outputTokens + (point.costUsd ?? 0) * 1e6,
    );
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([group]) => group);
  const kept = ranked.slice(0, MAX_GROUPS);
  const groups = ranked.length > MAX_GROUPS ? [...kept, "Other"] : kept;
  const index = new Map(groups.map((group, at) => [group, at]));
  const size = axis.x.length;
  const tokens = groups.map(() => new Array<number>(size).fill(0));
  const cost = groups.map(() => new Array<number>(size).fill(0));
  for (const point of points) {
    const slot = axis.slotOf(point.time);
    if (slot < 0 || slot >= size) continue;
    const at = index.get(point.group ?? "(none)") ?? index.get("Other");
    if (at === undefined) continue;
    const tokenRow = tokens[at];
    const costRow = cost[at];
    if (tokenRow) tokenRow[slot] = (tokenRow[slot] ?? 0) + point.inputTokens + point.outputTokens;
    if (costRow) costRow[slot] = (costRow[slot] ?? 0) + (point.costUsd ?? 0);
  }
  return { groups, tokens, cost };
}

export function aligned(x: number[], ...columns: (number | null)[][]): uPlot.AlignedData {
  return [x, ...columns] as uPlot.AlignedData;
}
