/** Axis labels: "0", "250 ms", "1.5 s", "2 s". */
function tickLabel(ms: number): string {
  if (ms === 0) return "0";
  if (ms < 1) return `${Number(ms.toFixed(3))} ms`;
  if (ms < 1000) return `${Number(ms.toFixed(1))} ms`;
  if (ms < 120_000) return `${Number((ms / 1000).toFixed(2))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}

/** 4–6 round tick values across [0, totalMs]. */
export function axisTicks(totalMs: number): number[] {
  const rough = totalMs / 5;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-6)));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  const ticks: number[] = [];
  for (let value = 0; value <= totalMs + 1e-9 && ticks.length < 12; value += step) ticks.push(value);
  return ticks;
}

/** The waterfall's time scale, above the lanes. */
export function TimeAxis({ totalMs }: { totalMs: number }) {
  return (
    <div className="time-axis" aria-hidden="true">
      {axisTicks(totalMs).map((tick) => {
        const left = (tick / totalMs) * 100;
        return (
          <span
            key={tick}
            className={left > 90 ? "time-axis__tick is-end" : "time-axis__tick"}
            style={{ left: `${left}%` }}
          >
            {tickLabel(tick)}
          </span>
        );
      })}
    </div>
  );
}
