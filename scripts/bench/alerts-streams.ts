/**
 * Seeded scored traffic for the alert simulation (alerts.ts): hourly windows of rollup sums, as
 * the score rollups would hold them. Every draw is exact (a trace passes with probability p: one
 * Bernoulli draw each), so the tails the alert rules live in are the binomial's own, not a normal
 * approximation's.
 */
import type { WindowSums } from "../../workers/alerts/windows.ts";
import { seeded } from "../../workers/evaluations/stats.ts";

export const HOURS_PER_DAY = 24;
export const BASELINE_WINDOWS = 7 * HOURS_PER_DAY;
export const PASS_RATE = 0.85;
export const DROPPED_RATE = 0.7;

/** How many scored traces arrive in an hour of the day. */
export type Traffic = (hourOfDay: number) => number;

/** 200 an hour, every hour. */
export const constantTraffic: Traffic = () => 200;

/**
 * 200 an hour on average, 20 at 02:00 and 380 at 14:00 (a cosine over the day): a product used
 * in one region, whose thin night windows are where a rule without a minimum of samples or a
 * confidence bound fires on noise.
 */
export const diurnalTraffic: Traffic = (hour) =>
  Math.round(200 * (1 + 0.9 * Math.cos((2 * Math.PI * (hour - 14)) / HOURS_PER_DAY)));

/** One window's sums from `n` traces whose quality is `p`. */
export type WindowMaker = (random: () => number, n: number, p: number) => WindowSums;

/** Pass/fail scores: each trace passes with probability p (value 1 or 0). */
export const passFailWindow: WindowMaker = (random, n, p) => {
  let passed = 0;
  for (let i = 0; i < n; i++) if (random() < p) passed++;
  return {
    scores: { count: n, scored: n, sum: passed, sumSquares: passed, judged: n, passes: passed, errors: 0 },
  };
};

/**
 * A 0–1 score on a five-point scale (0, ¼, ½, ¾, 1): four criteria, each met with probability p,
 * so the mean score is p, as the pass rate is in the pass/fail stream.
 */
export const fivePointWindow: WindowMaker = (random, n, p) => {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    let met = 0;
    for (let c = 0; c < 4; c++) if (random() < p) met++;
    const value = met / 4;
    sum += value;
    sumSquares += value * value;
  }
  return { scores: { count: n, scored: n, sum, sumSquares, judged: 0, passes: 0, errors: 0 } };
};

/** `days` of hourly windows at the stationary quality. */
export function stationaryStream(
  days: number,
  traffic: Traffic,
  make: WindowMaker,
  seed: number,
): WindowSums[] {
  const random = seeded(seed);
  return Array.from({ length: days * HOURS_PER_DAY }, (_, hour) =>
    make(random, traffic(hour % HOURS_PER_DAY), PASS_RATE),
  );
}

/** An independent stream whose quality falls at a known window and stays down. */
export type DropSegment = { windows: WindowSums[]; dropAt: number };

/**
 * `days` split into 10-day segments, each its own stream: a week of history (the drop rule's
 * baseline), then one to two days of stationary traffic, then the drop at an hour drawn
 * uniformly over the day, held to the segment's end (at least a day later).
 */
export const SEGMENT_DAYS = 10;

export function dropSegments(days: number, traffic: Traffic, make: WindowMaker, seed: number): DropSegment[] {
  const random = seeded(seed);
  const segments: DropSegment[] = [];
  for (let s = 0; s < Math.floor(days / SEGMENT_DAYS); s++) {
    const dropAt = BASELINE_WINDOWS + HOURS_PER_DAY + Math.floor(random() * HOURS_PER_DAY);
    const windows = Array.from({ length: SEGMENT_DAYS * HOURS_PER_DAY }, (_, hour) =>
      make(random, traffic(hour % HOURS_PER_DAY), hour < dropAt ? PASS_RATE : DROPPED_RATE),
    );
    segments.push({ windows, dropAt });
  }
  return segments;
}
