/** Lengths of time in milliseconds, the unit of the clock and of every `epochMs` column. */
export const HOUR_MS = 3_600_000;
export const FIVE_MINUTES_MS = 300_000;
export const DAY_MS = 24 * HOUR_MS;

/** An epoch-milliseconds time as the API answers times: ISO 8601 in UTC. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();
