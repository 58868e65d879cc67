import { parse } from "csv-parse/browser/esm/sync";
import type { CsvReader } from "./importFile";

/**
 * CSV read by csv-parse, the server's parser, with its options, so quoting and escapes mean the
 * same on both sides: the header row's column names, and whether a row can be read at all.
 */
const OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true } as const;

export function parseCsvHeader(line: string): string[] {
  const rows: unknown = parse(line, OPTIONS);
  const first = Array.isArray(rows) ? (rows[0] as unknown) : null;
  return Array.isArray(first) ? first.map((cell) => String(cell).trim()) : [];
}

/** Null when csv-parse reads the row as one record, else what is wrong in words. */
export function csvProblem(text: string): string | null {
  try {
    const rows: unknown = parse(text, OPTIONS);
    return Array.isArray(rows) && rows.length === 1 ? null : "The row does not read as one CSV record.";
  } catch (error) {
    return `Not CSV: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export const CSV_READER: CsvReader = { header: parseCsvHeader, problem: csvProblem };
