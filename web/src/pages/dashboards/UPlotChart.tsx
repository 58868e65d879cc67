import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useTheme } from "../../app/theme";
import { chartTheme, paletteColor, resolveColor, withAlpha } from "./chartColors";

export interface ChartSeries {
  label: string;
  /** Palette index (0–7), or a CSS colour such as "var(--color-danger)". */
  color: number | string;
  /** "points": markers only (firing windows); "edge": an undrawn bound of a band, still in the legend. */
  kind?: "line" | "area" | "bars" | "points" | "edge";
  dash?: number[];
  /** Draw across empty buckets (latency, rates), marking the real points. */
  spanGaps?: boolean;
}

export interface UPlotChartProps {
  /** x values (unix seconds) first, then one array per series. */
  data: uPlot.AlignedData;
  series: readonly ChartSeries[];
  /** Formats y values on the axis and in the legend. */
  format: (value: number) => string;
  height?: number;
  /** Whole-number y ticks (counts). */
  integer?: boolean;
  /** A fixed y range (rates: [0, 1]) instead of one from 0 to a little over the highest value. */
  range?: readonly [number, number];
  /** Accessible description of what is plotted. */
  label: string;
  /** Shaded areas between two series (indexes into `series`, upper first): a confidence band. */
  bands?: readonly { upper: number; lower: number; color: number | string }[];
  "data-testid"?: string;
}

const colorOf = (color: number | string) =>
  typeof color === "number" ? paletteColor(color) : resolveColor(color);

function seriesOptions(spec: ChartSeries, format: UPlotChartProps["format"]): uPlot.Series {
  const stroke = colorOf(spec.color);
  const kind = spec.kind ?? "line";
  const bars = uPlot.paths.bars;
  const value: uPlot.Series["value"] = (_self, v) => (v === null || v === undefined ? "—" : format(v));
  if (kind === "points")
    return {
      label: spec.label,
      stroke,
      paths: () => null,
      points: { show: true, size: 9, width: 2, fill: withAlpha(stroke, 0.35) },
      value,
    };
  if (kind === "edge") return { label: spec.label, stroke, width: 0, points: { show: false }, value };
  return {
    label: spec.label,
    stroke,
    width: kind === "bars" ? 0 : 1.75,
    fill: kind === "line" ? undefined : withAlpha(stroke, kind === "bars" ? 0.75 : 0.12),
    dash: spec.dash,
    paths: kind === "bars" && bars ? bars({ size: [0.7, 28], gap: 1 }) : undefined,
    spanGaps: spec.spanGaps,
    points: spec.spanGaps ? { show: true, size: 4, width: 1, fill: stroke } : { show: false },
    value,
  };
}

/**
 * A uPlot time-series chart that follows the theme (re-created on change) and the width of
 * its container (resized by a ResizeObserver).
 */
const INTEGER_STEPS = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 1e6, 1e7,
];

export function UPlotChart({
  data,
  series,
  format,
  height = 200,
  integer,
  range,
  label,
  bands,
  ...rest
}: UPlotChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const theme = useTheme();

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const colors = chartTheme();
    const axis = (side: "x" | "y"): uPlot.Axis => ({
      stroke: colors.text,
      grid: { stroke: colors.grid, width: 1 },
      ticks: { stroke: colors.axis, width: 1, size: 4 },
      font: "11px system-ui, sans-serif",
      // y: as wide as the longest label; x: room for uPlot's two-line date labels.
      size:
        side === "y"
          ? (_self, values) =>
              Math.max(36, Math.max(0, ...(values ?? []).map((value) => String(value).length)) * 6.5 + 14)
          : 44,
      values: side === "y" ? (_self, values) => values.map((value) => format(value)) : undefined,
      incrs: side === "y" && integer ? INTEGER_STEPS : undefined,
    });
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      series: [{}, ...series.map((spec) => seriesOptions(spec, format))],
      // uPlot counts the x values as series 0.
      bands: bands?.map((band) => ({
        series: [band.upper + 1, band.lower + 1],
        fill: withAlpha(colorOf(band.color), 0.14),
      })),
      axes: [axis("x"), axis("y")],
      scales: {
        x: { time: true },
        y: {
          range: (_self, min, max) =>
            range ? [range[0], range[1]] : [Math.min(0, min), max > 0 ? max * 1.1 : 1],
        },
      },
      cursor: { points: { size: 6 }, drag: { x: false, y: false } },
      legend: { show: true, live: true },
    };
    const chart = new uPlot(options, data, element);
    const observer = new ResizeObserver(() => {
      const width = Math.max(200, element.clientWidth);
      if (width !== chart.width) chart.setSize({ width, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [data, series, format, height, integer, range, bands, theme]);

  return (
    <div
      ref={ref}
      className="chart"
      role="img"
      aria-label={label}
      data-testid={rest["data-testid"]}
      data-theme-applied={theme}
    />
  );
}
