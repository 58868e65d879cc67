import { integer, text } from "drizzle-orm/sqlite-core";

/**
 * Time columns come in two units, and each column's helper says which:
 *   - `epochMs`: milliseconds since the epoch, the clock's unit — every `*_at` column, the
 *     platform's bookkeeping and `rollups.hour`;
 *   - `epochUs`: microseconds since the epoch, named `*_us` — span and trace times
 *     (`traces`/`spans` start_us and end_us, `trace_sessions` first_us and last_us). OTLP sends
 *     nanoseconds; µs keep span order exact enough and still fit in a JavaScript number.
 * Durations are ms and say so in their name (`duration_ms`, `latency_sum_ms`).
 */

/** Primary key holding a typed, prefixed id from `workers/lib/ids.ts`. */
export const idColumn = () => text("id").primaryKey();

/** Milliseconds since the epoch (`clock.now()`). */
export const epochMs = (name: string) => integer(name, { mode: "number" });

/** Microseconds since the epoch (span times, from OTLP's nanoseconds); name it `*_us`. */
export const epochUs = (name: `${string}_us`) => integer(name, { mode: "number" });

/** When the row was created, in ms since the epoch. */
export const createdAt = () => epochMs("created_at").notNull();
