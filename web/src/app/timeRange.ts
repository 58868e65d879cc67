/** Relative time ranges ("last 24 hours") shared by the traces list and the dashboards. */

export type RelativeRange = "1h" | "24h" | "7d" | "30d";

export const RANGE_MS: Readonly<Record<RelativeRange, number>> = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

export const RANGE_LABEL: Readonly<Record<RelativeRange, string>> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};

export function isRelativeRange(value: string | null): value is RelativeRange {
  return value === "1h" || value === "24h" || value === "7d" || value === "30d";
}

/** The ISO start of a relative range ending now. */
export function rangeStart(range: RelativeRange, now: number = Date.now()): string {
  return new Date(now - RANGE_MS[range]).toISOString();
}

/** ISO → the value of an <input type="datetime-local"> (local time, minutes). */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> → ISO, or "" when empty or invalid. */
export function fromLocalInput(value: string): string {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}
