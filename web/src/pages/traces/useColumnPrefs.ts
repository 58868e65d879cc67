import { useCallback, useState } from "preact/hooks";
import { type ColumnKey, DEFAULT_COLUMNS, TRACE_COLUMNS } from "./columns";

/** Which columns of the traces table are shown, remembered in localStorage. */
export const COLUMNS_KEY = "sightline.traces.columns";

function isColumnKey(value: unknown): value is ColumnKey {
  return TRACE_COLUMNS.some((column) => column.key === value);
}

export function readColumns(): ColumnKey[] {
  try {
    const raw = window.localStorage.getItem(COLUMNS_KEY);
    if (!raw) return [...DEFAULT_COLUMNS];
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [...DEFAULT_COLUMNS];
    const keys = value.filter(isColumnKey);
    return keys.includes("name") ? keys : ["name", ...keys];
  } catch {
    return [...DEFAULT_COLUMNS];
  }
}

function writeColumns(keys: readonly ColumnKey[]): void {
  try {
    window.localStorage.setItem(COLUMNS_KEY, JSON.stringify(keys));
  } catch {
    // Not persisted; the choice still holds for this page view.
  }
}

export function useColumnPrefs() {
  const [visible, setVisible] = useState<ColumnKey[]>(readColumns);
  const toggle = useCallback((key: ColumnKey) => {
    if (key === "name") return;
    setVisible((current) => {
      const next = current.includes(key) ? current.filter((item) => item !== key) : [...current, key];
      writeColumns(next);
      return next;
    });
  }, []);
  const reset = useCallback(() => {
    writeColumns(DEFAULT_COLUMNS);
    setVisible([...DEFAULT_COLUMNS]);
  }, []);
  // Shown in the table's own order, whatever order they were picked in.
  const columns = TRACE_COLUMNS.filter((column) => visible.includes(column.key));
  return { visible, columns, toggle, reset };
}
