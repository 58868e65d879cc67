import type { MetricKind, Trend } from "./figures";

/** A trend chart's drawing in its own units (an SVG viewBox): each run a column, oldest on the left. */
export interface TrendFrame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const FRAME: TrendFrame = { width: 360, height: 150, left: 40, right: 12, top: 10, bottom: 26 };

export interface TrendMark {
  index: number;
  x: number;
  /** How its label under the axis is anchored: the end runs' inward, so they stay in the frame. */
  anchor: "start" | "middle" | "end";
  /** Null where the run has no value for this metric. */
  y: number | null;
  low: number | null;
  high: number | null;
}

export interface TrendDrawing {
  marks: TrendMark[];
  /** The line through the runs that have a value (an SVG path), "" for fewer than two. */
  line: string;
  ticks: { value: number; y: number }[];
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value` (> 0), so ticks read well. */
export function niceCeil(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((each) => each * power >= value * (1 - 1e-9)) ?? 10;
  return step * power;
}

/** y range: a pass rate 0–1; a mean from 0 (or below) up to a round number over its highest interval end. */
function rangeOf(kind: MetricKind, trend: Trend): [number, number] {
  if (kind === "pass_rate") return [0, 1];
  const ends = trend.points.flatMap((p) => [p.value, p.interval?.low, p.interval?.high]);
  const values = ends.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const low = Math.min(0, ...values);
  const high = Math.max(...values, low + 1);
  return [low, low + niceCeil((high - low) * 1.05)];
}

export function trendDrawing(trend: Trend, frame: TrendFrame = FRAME): TrendDrawing {
  const [min, max] = rangeOf(trend.kind, trend);
  const plotWidth = frame.width - frame.left - frame.right;
  const plotHeight = frame.height - frame.top - frame.bottom;
  const count = trend.points.length;
  const xOf = (index: number) =>
    frame.left + (count === 1 ? plotWidth / 2 : (plotWidth * index) / (count - 1));
  const yOf = (value: number) =>
    frame.top + plotHeight * (1 - (Math.min(max, Math.max(min, value)) - min) / (max - min));
  const marks = trend.points.map(
    (point, index): TrendMark => ({
      index,
      x: xOf(index),
      anchor: count > 1 && index === 0 ? "start" : count > 1 && index === count - 1 ? "end" : "middle",
      y: point.value === null ? null : yOf(point.value),
      low: point.interval ? yOf(point.interval.low) : null,
      high: point.interval ? yOf(point.interval.high) : null,
    }),
  );
  const drawn = marks.filter((mark) => mark.y !== null);
  const line =
    drawn.length < 2
      ? ""
      : drawn
          .map((mark, i) => `${i === 0 ? "M" : "L"}${mark.x.toFixed(1)},${(mark.y as number).toFixed(1)}`)
          .join(" ");
  const ticks = [0, 0.5, 1].map((share) => {
    const value = min + (max - min) * share;
    return { value, y: yOf(value) };
  });
  return { marks, line, ticks };
}

/**
 * Which runs get a label under the axis: all of a few, else about three spread evenly (the newest
 * always), as many run names as fit a small chart's width; a point's tooltip names every run.
 */
export function labelledRuns(count: number, most = 3): Set<number> {
  if (count <= most) return new Set(Array.from({ length: count }, (_, i) => i));
  const step = Math.ceil(count / most);
  const picked = new Set<number>();
  for (let i = count - 1; i >= 0; i -= step) picked.add(i);
  return picked;
}
