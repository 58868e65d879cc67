/**
 * An alert's numbers (workers/alerts/conditions.ts: what the window measured and how it was
 * judged) as label–value pairs for the alert page. The API sends them as a plain record, so each
 * field is read only when it has the expected type; anything missing is left out.
 */

export interface Figure {
  label: string;
  value: string;
}

type Numbers = Readonly<Record<string, unknown>>;

const num = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;
const obj = (value: unknown): Numbers | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Numbers) : null;

// Four significant digits, like the server's sentences.
const fmt = (value: number) =>
  Number(value.toPrecision(4)).toLocaleString("en", { maximumFractionDigits: 12 });
const fmtP = (p: number) => (p < 1e-4 ? p.toExponential(1) : fmt(p));

const VERDICTS: Readonly<Record<string, string>> = {
  holds: "condition holds",
  unclear: "past the limit, but not clearly",
  clear: "clear",
  insufficient: "too few samples to judge",
};

export function alertFigures(numbers: Numbers): Figure[] {
  const figures: Figure[] = [];
  const push = (label: string, value: string | null) => {
    if (value !== null) figures.push({ label, value });
  };
  const statistic = num(numbers.statistic);
  const n = num(numbers.n);
  push("Statistic", statistic === null ? null : fmt(statistic));
  push("Samples (n)", n === null ? null : fmt(n));
  if (numbers.kind === "threshold") {
    const interval = obj(numbers.interval);
    const low = num(interval?.low);
    const high = num(interval?.high);
    const method = numbers.method === "wilson-95" ? "Wilson" : numbers.method === "t-95" ? "t" : null;
    push(
      "95 % interval",
      low !== null && high !== null ? `${fmt(low)} – ${fmt(high)}${method ? ` (${method})` : ""}` : null,
    );
    const threshold = num(numbers.threshold);
    push(
      "Threshold",
      threshold === null
        ? null
        : `${typeof numbers.direction === "string" ? `${numbers.direction} ` : ""}${fmt(threshold)}`,
    );
    const compared = num(numbers.compared);
    push("Compared value", compared === null ? null : fmt(compared));
  }
  if (numbers.kind === "drop") {
    const baseline = obj(numbers.baseline);
    const bs = num(baseline?.statistic);
    const bn = num(baseline?.n);
    const windows = num(baseline?.windows);
    push(
      "Baseline",
      bs === null
        ? null
        : `${fmt(bs)}${bn === null ? "" : ` over n = ${fmt(bn)}`}${windows === null ? "" : ` (${windows} windows)`}`,
    );
    const effect = num(numbers.effect);
    const minEffect = num(numbers.minEffect);
    push(
      "Effect",
      effect === null
        ? null
        : `${effect >= 0 ? "worse" : "better"} by ${fmt(Math.abs(effect))}${minEffect === null ? "" : ` (alert from ${fmt(minEffect)})`}`,
    );
    const test = obj(numbers.test);
    const p = num(test?.pValue);
    const alpha = num(numbers.alpha);
    push(
      "p-value",
      p === null
        ? null
        : `${fmtP(p)} one-sided${typeof test?.test === "string" ? `, ${test.test}` : ""}${alpha === null ? "" : ` (alpha ${alpha})`}`,
    );
  }
  if (typeof numbers.verdict === "string") push("Verdict", VERDICTS[numbers.verdict] ?? numbers.verdict);
  const holding = obj(numbers.holding);
  const held = num(holding?.windows);
  const of = num(holding?.of);
  const needed = num(holding?.needed);
  push(
    "m of n",
    held === null || of === null
      ? null
      : `${held} of the last ${of} windows${needed === null ? "" : ` (${needed} needed)`}`,
  );
  return figures;
}
