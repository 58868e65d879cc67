import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";
import { formatCost, formatDuration, formatPercent, formatTokens } from "../../app/numbers";
import { Card } from "../../ui/Card";
import { aligned, type GroupedSeries, type OverallSeries } from "./series";
import { type ChartSeries, UPlotChart } from "./UPlotChart";

const VOLUME: ChartSeries[] = [
  { label: "Traces", color: 0, kind: "bars" },
  { label: "Failed", color: "var(--color-danger)", kind: "bars" },
];
const ERRORS: ChartSeries[] = [{ label: "Error rate", color: "var(--color-danger)", spanGaps: true }];
const LATENCY: ChartSeries[] = [
  { label: "p50", color: 1, spanGaps: true },
  { label: "p95", color: 2, spanGaps: true },
  { label: "p99", color: 3, dash: [4, 3], spanGaps: true },
];
const TOKENS: ChartSeries[] = [
  { label: "Input", color: 0, kind: "bars" },
  { label: "Output", color: 4, kind: "bars" },
];
const COST: ChartSeries[] = [{ label: "Cost", color: 5, kind: "bars" }];

const count = (value: number) => formatTokens(value);
const percent = (value: number) => formatPercent(value);
const latency = (value: number) => formatDuration(value);
const tokens = (value: number) => formatTokens(value);
const cost = (value: number) => formatCost(value);

function ChartCard({
  title,
  description,
  children,
  testId,
}: {
  title: string;
  description: string;
  children: ComponentChildren;
  testId: string;
}) {
  return (
    <Card title={title} description={description} className="chart-card" data-testid={testId}>
      {children}
    </Card>
  );
}

/** Volume, error rate, latency percentiles, tokens and cost over the range. */
export function MetricCharts({
  overall,
  grouped,
}: {
  overall: OverallSeries;
  grouped: GroupedSeries | null;
}) {
  const { x } = overall;
  const data = useMemo(
    () => ({
      volume: aligned(x, overall.traces, overall.errorTraces),
      errors: aligned(x, overall.errorRate),
      latency: aligned(x, overall.p50, overall.p95, overall.p99),
      tokens: grouped ? aligned(x, ...grouped.tokens) : aligned(x, overall.inputTokens, overall.outputTokens),
      cost: grouped ? aligned(x, ...grouped.cost) : aligned(x, overall.cost),
    }),
    [overall, grouped, x],
  );
  const modelSeries = useMemo<ChartSeries[] | null>(
    () => grouped?.groups.map((group, index) => ({ label: group, color: index, kind: "line" })) ?? null,
    [grouped],
  );
  return (
    <div className="chart-grid" data-testid="charts">
      <ChartCard title="Volume" description="Traces started, and how many failed" testId="chart-volume">
        <UPlotChart data={data.volume} series={VOLUME} format={count} integer label="Traces per interval" />
      </ChartCard>
      <ChartCard title="Error rate" description="Share of traces with a failed span" testId="chart-errors">
        <UPlotChart data={data.errors} series={ERRORS} format={percent} label="Error rate per interval" />
      </ChartCard>
      <ChartCard title="Latency" description="Trace duration percentiles" testId="chart-latency">
        <UPlotChart data={data.latency} series={LATENCY} format={latency} label="Latency p50, p95 and p99" />
      </ChartCard>
      <ChartCard
        title="Tokens"
        description={grouped ? "Input + output tokens per model" : "Input and output tokens"}
        testId="chart-tokens"
      >
        <UPlotChart
          data={data.tokens}
          series={modelSeries ?? TOKENS}
          format={tokens}
          label="Tokens per interval"
        />
      </ChartCard>
      <ChartCard
        title="Cost"
        description={grouped ? "Estimated cost per model" : "Estimated model cost"}
        testId="chart-cost"
      >
        <UPlotChart data={data.cost} series={modelSeries ?? COST} format={cost} label="Cost per interval" />
      </ChartCard>
    </div>
  );
}
