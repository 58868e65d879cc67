import { useMemo } from "preact/hooks";
import type { Monitor } from "../../api/monitors";
import { formatPercent } from "../../app/numbers";
import { hourlySlots, sparklinePath } from "./chartData";

const mean = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

const WIDTH = 96;
const HEIGHT = 24;

/** A monitor's last 24 hours of scores (pass rate, else mean), one point per hour with scores. */
export function Sparkline({ recent }: { recent: Monitor["recent"] }) {
  const path = useMemo(() => sparklinePath(hourlySlots(recent, Date.now()), WIDTH, HEIGHT), [recent]);
  if (!path) return <span className="muted">No scores</span>;
  // The last hour's figure beside the line: one hour of scores is only a dash.
  const last = recent.at(-1);
  const figure =
    last?.passRate != null ? formatPercent(last.passRate) : last?.mean != null ? mean.format(last.mean) : "";
  return (
    <span className="mon-spark-cell">
      <svg
        className="mon-spark"
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Scores over the last 24 hours (${recent.length} hours with scores)`}
        data-testid="monitor-sparkline"
      >
        <line className="mon-spark__base" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
        <path className="mon-spark__line" d={path} />
      </svg>
      <span className="mon-spark__last" title="The last hour with scores">
        {figure}
      </span>
    </span>
  );
}
