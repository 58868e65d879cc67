import type { MetricValues } from "../../api/traceTypes";
import { formatCost, formatDuration, formatInteger, formatPercent, formatTokens } from "../../app/numbers";
import { cx } from "../../ui/cx";
import { Skeleton } from "../../ui/Skeleton";

interface Tile {
  key: string;
  label: string;
  value: string;
  detail?: string;
  tone?: "danger";
}

export function tilesOf(totals: MetricValues): Tile[] {
  const traces = totals.traces ?? 0;
  const failed = totals.errorTraces ?? 0;
  const errorRate = totals.errorRate ?? (traces > 0 ? failed / traces : null);
  return [
    {
      key: "traces",
      label: "Traces",
      value: formatInteger(traces),
      detail: `${formatInteger(totals.calls)} model calls`,
    },
    {
      key: "errors",
      label: "Error rate",
      value: formatPercent(errorRate),
      detail: `${formatInteger(failed)} failed`,
      tone: failed > 0 ? "danger" : undefined,
    },
    {
      key: "latency",
      label: "Latency p95",
      value: formatDuration(totals.latencyP95Ms),
      detail: `p50 ${formatDuration(totals.latencyP50Ms)} · p99 ${formatDuration(totals.latencyP99Ms)}`,
    },
    {
      key: "tokens",
      label: "Tokens",
      value: formatTokens(totals.inputTokens + totals.outputTokens),
      detail: `${formatTokens(totals.inputTokens)} in · ${formatTokens(totals.outputTokens)} out`,
    },
    { key: "cost", label: "Cost", value: formatCost(totals.costUsd ?? 0) },
  ];
}

/** Totals of the range as a row of tiles. */
export function StatTiles({ totals, compact }: { totals: MetricValues | null; compact?: boolean }) {
  if (!totals)
    return (
      <div className={cx("stat-tiles", compact && "stat-tiles--compact")} aria-hidden="true">
        {[0, 1, 2, 3, 4].map((index) => (
          <div key={index} className="stat-tile">
            <Skeleton width="50%" height={10} />
            <Skeleton width="70%" height={22} />
          </div>
        ))}
      </div>
    );
  return (
    <dl className={cx("stat-tiles", compact && "stat-tiles--compact")} data-testid="stat-tiles">
      {tilesOf(totals).map((tile) => (
        <div
          key={tile.key}
          className={cx("stat-tile", tile.tone && `stat-tile--${tile.tone}`)}
          data-testid={`stat-${tile.key}`}
        >
          <dt className="stat-tile__label">{tile.label}</dt>
          <dd className="stat-tile__value num">{tile.value}</dd>
          {tile.detail && !compact && <dd className="stat-tile__detail num">{tile.detail}</dd>}
        </div>
      ))}
    </dl>
  );
}
