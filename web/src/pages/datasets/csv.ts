import { parse } from "csv-parse/browser/esm/sync";

/**
 * A CSV file's header row as column names, read by csv-parse (the server's parser) so quoting
 * and escapes mean the same on both sides: `"inputs.question","tags.team"` → two columns.
 */
export function parseCsvHeader(line: string): string[] {
  const rows: unknown = parse(line, { bom: true, relax_column_count: true, skip_empty_lines: true });
  const first = Array.isArray(rows) ? (rows[0] as unknown) : null;
  return Array.isArray(first) ? first.map((cell) => String(cell).trim()) : [];
}
