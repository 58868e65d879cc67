import { ApiError } from "./errors";
import { DAY_MS, HOUR_MS } from "./time";

export type Granularity = "hour" | "day";

/** Longest ranges per granularity, so an answer stays a few hundred points. */
const MAX_RANGE_MS = { hour: 31 * DAY_MS, day: 400 * DAY_MS } as const;
const DEFAULT_RANGE_MS = { hour: DAY_MS, day: 30 * DAY_MS } as const;

/**
 * The buckets a metrics query reads: `to` defaults to now and `from` to a day (hour) or 30 days
 * (day) before it; `start` is `from` rounded down to its hour or day (UTC). A range that is
 * empty or longer than the granularity allows is refused as invalid input.
 */
export function bucketRange(
  input: { from?: number | undefined; to?: number | undefined; granularity: Granularity },
  now: number,
): { start: number; to: number; size: number } {
  const { granularity } = input;
  const to = input.to ?? now;
  const from = input.from ?? to - DEFAULT_RANGE_MS[granularity];
  if (from >= to) throw new ApiError("INVALID_INPUT", "Invalid query. from: must be before to");
  if (to - from > MAX_RANGE_MS[granularity])
    throw new ApiError(
      "INVALID_INPUT",
      `Invalid query. from: the range may span at most ${MAX_RANGE_MS[granularity] / DAY_MS} days with granularity=${granularity}`,
    );
  const size = granularity === "hour" ? HOUR_MS : DAY_MS;
  return { start: Math.floor(from / size) * size, to, size };
}
