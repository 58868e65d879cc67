import type { ScoreFigures, ScoreMetrics } from "../../api/assessments";
import { PALETTE_SIZE } from "./chartColors";
import type { TimeAxis } from "./series";

/**
 * Feedback scores → chart lines on the dashboard's time axis. A name whose feedback passes or
 * fails (thumbs, yes/no) is drawn as its pass rate, any other as its mean score; buckets without
 * feedback are gaps.
 */
export type QualityMeasure = "passRate" | "mean";

export interface QualityTotal extends ScoreFigures {
  name: string;
  /** What its line shows; null for a name with errors only (no line). */
  measure: QualityMeasure | null;
  /** Palette index, the same in the charts and the totals. */
  color: number;
  /** Drawn in a chart (the most frequent names, as many as the palette has colours). */
  charted: boolean;
}

export interface QualityLine {
  name: string;
  color: number;
  values: (number | null)[];
}

export interface QualitySeries {
  x: number[];
  passRate: QualityLine[];
  mean: QualityLine[];
  /** Every name, most feedback first. */
  totals: QualityTotal[];
}

function measureOf(figures: ScoreFigures): QualityMeasure | null {
  if (figures.passRate !== null) return "passRate";
  return figures.mean !== null ? "mean" : null;
}

export function qualitySeries(metrics: ScoreMetrics, axis: TimeAxis): QualitySeries {
  const ranked = [...metrics.totals].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const totals: QualityTotal[] = ranked.map((figures, index) => ({
    ...figures,
    measure: measureOf(figures),
    color: index % PALETTE_SIZE,
    charted: index < PALETTE_SIZE && measureOf(figures) !== null,
  }));
  const lines = new Map<string, QualityLine & { measure: QualityMeasure }>();
  for (const total of totals)
    if (total.charted && total.measure)
      lines.set(total.name, {
        name: total.name,
        color: total.color,
        measure: total.measure,
        values: new Array<number | null>(axis.x.length).fill(null),
      });
  for (const point of metrics.series) {
    const line = lines.get(point.name);
    const slot = axis.slotOf(point.time);
    if (!line || slot < 0 || slot >= axis.x.length) continue;
    line.values[slot] = line.measure === "passRate" ? point.passRate : point.mean;
  }
  const of = (measure: QualityMeasure) =>
    [...lines.values()]
      .filter((line) => line.measure === measure)
      .map(({ name, color, values }) => ({ name, color, values }));
  return { x: axis.x, passRate: of("passRate"), mean: of("mean"), totals };
}
