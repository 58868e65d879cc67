/**
 * The monitor numbers a person types and reads: the rate as a percentage (the API takes 0–1),
 * the settle defaults the server applies when none is given.
 */

/** The server's defaults (workers/monitoring/schemas.ts), shown where the field is left empty. */
export const DEFAULT_SETTLE_SECONDS = { trace: 30, session: 300 } as const;

/** The message for a sampling rate typed in percent, or null when it is 0–100. */
export function percentProblem(text: string): string | null {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value)) return "Enter a percentage, 0–100.";
  if (value < 0 || value > 100) return "Between 0 and 100 %.";
  return null;
}

/** 0.5 → "50 %", 0.125 → "12.5 %", 0.0001 → "0.01 %". */
export function formatRate(rate: number): string {
  const percent = rate * 100;
  return `${Number(percent.toPrecision(3)).toString()} %`;
}
