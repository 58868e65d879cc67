import { parse as parseCsv } from "csv-parse/sync";
import type { z } from "zod";
import { RecordInput } from "./records";

/**
 * Reading an import chunk into records, row by row: each row is a record or a reason it is not,
 * with its line in the file (the chunk's `firstLine` plus its offset), so a bad row is reported
 * where the user can find it and the good rows are kept.
 */
export type ImportFormat = "jsonl" | "json" | "csv";
export type Column = { name: string; path: string[]; json: boolean };
export type ParsedRow = { line: number; record: RecordInput } | { line: number; error: string };

export const MAX_CHUNK_RECORDS = 1_000;
export const MAX_CHUNK_BYTES = 5 * 1024 * 1024;

const FIELDS = ["inputs", "expectations", "outputs", "tags"] as const;

/**
 * A CSV header's columns as field paths: `inputs.question`, `expectations.expected_response`,
 * `outputs`, `outputs.answer`, `tags.team`; `:json` at the end for cells that hold JSON; `id` (an
 * export's record id) is skipped. `mapping` names a column's path explicitly (or `ignore`).
 * Answers the columns, or the problems naming the columns that map to nothing.
 */
export function columnsOf(
  header: string[],
  mapping: Record<string, string> = {},
): { columns: Column[] } | { problems: string[] } {
  const problems: string[] = [];
  const columns: Column[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    const target = (mapping[name] ?? name).trim();
    if (target === "ignore" || (target === "id" && mapping[name] === undefined)) {
      columns.push({ name, path: [], json: false });
      continue;
    }
    const json = target.endsWith(":json");
    const path = (json ? target.slice(0, -5) : target).split(".");
    const [field, ...rest] = path;
    const ok =
      FIELDS.includes(field as (typeof FIELDS)[number]) &&
      rest.every((p) => p.length > 0) &&
      rest.length <= 1 &&
      (rest.length === 1 || field === "outputs");
    if (!ok) {
      problems.push(
        `column "${name}" maps to nothing: name it inputs.<key>, expectations.<key>, outputs, outputs.<key> or tags.<key> (add :json for JSON cells), or map it`,
      );
      continue;
    }
    const key = path.join(".");
    if (seen.has(key)) problems.push(`two columns fill ${key}`);
    seen.add(key);
    columns.push({ name, path, json });
  }
  if (!columns.some((c) => c.path[0] === "inputs"))
    problems.push("no column fills inputs: at least one inputs.<key> column is needed");
  return problems.length > 0 ? { problems } : { columns };
}

const issueText = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? `${i.path.join(".")}: ` : ""}${i.message}`)
    .join("; ");

function checked(line: number, value: unknown): ParsedRow {
  const parsed = RecordInput.safeParse(value);
  return parsed.success ? { line, record: parsed.data } : { line, error: issueText(parsed.error) };
}

function fromCells(cells: string[], columns: Column[]): { value?: unknown; error?: string } {
  if (cells.length !== columns.length)
    return { error: `has ${cells.length} cells where the header has ${columns.length}` };
  const record: Record<string, unknown> = {};
  for (const [i, column] of columns.entries()) {
    const cell = cells[i] ?? "";
    // An empty cell is an absent value; a column with no path is skipped.
    if (column.path.length === 0 || cell === "") continue;
    let value: unknown = cell;
    if (column.json) {
      try {
        value = JSON.parse(cell);
      } catch {
        return { error: `column "${column.name}" does not hold JSON` };
      }
    }
    const [field, key] = column.path as [string, string | undefined];
    if (key === undefined) record[field] = value;
    else record[field] = { ...((record[field] as object | undefined) ?? {}), [key]: value };
  }
  return { value: record };
}

/** The rows of one chunk; a chunk that cannot be read at all throws with the reason. */
export function parseChunk(
  format: ImportFormat,
  text: string,
  firstLine: number,
  columns: Column[] | null,
): ParsedRow[] {
  if (format === "jsonl") {
    const rows: ParsedRow[] = [];
    const lines = text.split("\n");
    for (const [i, raw] of lines.entries()) {
      const lineText = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (lineText.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(lineText);
      } catch (err) {
        rows.push({ line: firstLine + i, error: `not JSON: ${(err as Error).message}` });
        continue;
      }
      rows.push(checked(firstLine + i, value));
    }
    return rows;
  }
  if (format === "json") {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ChunkError(`the chunk is not JSON: ${(err as Error).message}`);
    }
    const list = Array.isArray(value) ? value : (value as { records?: unknown })?.records;
    if (!Array.isArray(list))
      throw new ChunkError("a JSON chunk is an array of records, or { records: [...] }");
    // In a JSON file a row's "line" is its place in the array, counted from firstLine.
    return list.map((v, i) => checked(firstLine + i, v));
  }
  if (!columns) throw new ChunkError("a CSV import needs its header's columns when it opens");
  const skipped: ParsedRow[] = [];
  const cells = parseCsv(text, {
    info: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    // A malformed row is reported at its line instead of failing the chunk (a row whose quote never
    // closes takes the rest of the chunk with it: one reported error, at its line).
    skip_records_with_error: true,
    on_skip: (err) => {
      const line = firstLine + (typeof err?.lines === "number" ? err.lines : 1) - 1;
      // One row can raise two errors (a bad quote, then the quote left open): its first is the cause.
      if (!skipped.some((s) => s.line === line))
        skipped.push({ line, error: `not CSV: ${err?.message ?? "unreadable row"}` });
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
  const rows = cells.map(({ record, info, raw }): ParsedRow => {
    // info.lines is the line where the row ends; a quoted cell may hold line breaks before it.
    const inner = (raw.replace(/\r?\n$/, "").match(/\n/g) ?? []).length;
    const line = firstLine + info.lines - 1 - inner;
    const { value, error } = fromCells(record, columns);
    return error !== undefined ? { line, error } : checked(line, value);
  });
  return [...rows, ...skipped].sort((a, b) => a.line - b.line);
}

export class ChunkError extends Error {}
