import type { AlertSeries } from "../../api/alerts";
import type { Monitor } from "../../api/monitors";

/**
 * Data for the two charts of the page: an alert rule's series as uPlot columns, and a monitor's
 * last 24 hours as a sparkline path.
 */

export interface RuleChartColumns {
  /** Window ends, unix seconds (a window is charted when it closed). */
  x: number[];
  statistic: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
  baseline: (number | null)[];
  limit: (number | null)[];
  /** The statistic where the rule was firing, else null: drawn as markers. */
  firing: (number | null)[];
  hasBand: boolean;
  hasBaseline: boolean;
  firingWindows: number;
  /** Windows with a statistic (the others had no samples). */
  measuredWindows: number;
}

export function ruleChartColumns(series: AlertSeries): RuleChartColumns {
  const points = series.points;
  const firing = points.map((p) => (p.state === "firing" ? (p.statistic ?? p.limit) : null));
  return {
    x: points.map((p) => Math.floor(Date.parse(p.end) / 1000)),
    statistic: points.map((p) => p.statistic),
    low: points.map((p) => p.low),
    high: points.map((p) => p.high),
    baseline: points.map((p) => p.baseline),
    limit: points.map((p) => p.limit),
    firing,
    hasBand: points.some((p) => p.low !== null && p.high !== null),
    hasBaseline: points.some((p) => p.baseline !== null),
    firingWindows: firing.filter((v) => v !== null).length,
    measuredWindows: points.filter((p) => p.statistic !== null).length,
  };
}

const HOUR_MS = 3_600_000;

/**
 * The last 24 hours, one slot per hour ending with the current one: the pass rate where the
 * scorer passes or fails, else the mean score; null for hours without scores (the API lists only
 * hours with some).
 */
export function hourlySlots(recent: Monitor["recent"], nowMs: number): (number | null)[] {
  const first = nowMs - (nowMs % HOUR_MS) - 23 * HOUR_MS;
  const slots: (number | null)[] = Array.from({ length: 24 }, () => null);
  for (const hour of recent) {
    const index = Math.round((Date.parse(hour.hour) - first) / HOUR_MS);
    if (index >= 0 && index < 24) slots[index] = hour.passRate ?? hour.mean;
  }
  return slots;
}

/**
 * An SVG path through the slots, scaled to the box (rates and means alike: min to max of what is
 * there, a flat line in the middle when all are equal); gaps break the line, and a lone point
 * becomes a short dash so it is visible.
 */
export function sparklinePath(slots: readonly (number | null)[], width: number, height: number): string {
  const values = slots.filter((v): v is number => v !== null);
  if (values.length === 0) return "";
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = 2;
  const y = (v: number) =>
    max === min ? height / 2 : pad + (1 - (v - min) / (max - min)) * (height - 2 * pad);
  const step = slots.length > 1 ? width / (slots.length - 1) : 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  const parts: string[] = [];
  let segment: [number, number][] = [];
  const flush = () => {
    const [head, ...rest] = segment;
    if (head && rest.length === 0) parts.push(`M${round(head[0] - 1.5)} ${round(head[1])}h3`);
    else if (head)
      parts.push(
        `M${round(head[0])} ${round(head[1])}${rest.map(([a, b]) => `L${round(a)} ${round(b)}`).join("")}`,
      );
    segment = [];
  };
  slots.forEach((v, i) => {
    if (v === null) flush();
    else segment.push([i * step, y(v)]);
  });
  flush();
  return parts.join("");
}
