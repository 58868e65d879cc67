/**
 * A file cut into an import session's chunks, without holding it whole: lines → rows → chunks of
 * whole rows (at most 1,000 rows or 5 MB each), each chunk knowing the file line of its first row
 * so the server's bad-row report names lines of the file. Chunk text keeps the file's lines as
 * they were between its first and last row (blank lines included), because the server numbers a
 * chunk's rows by counting its lines from `firstLine`.
 *
 * CSV rows are found with csv-parse, the server's parser, so both sides agree on where a quoted
 * field ends; a row it cannot read (a stray quote) is rejected here, since the server would refuse
 * the whole chunk around it. JSON (an array, or `{ records }`) has to be parsed whole to find its
 * records: its "lines" are places in the array, from 1.
 */
import type { ImportFormat, RejectedRow } from "./dataset-types.ts";

/** What the API takes in one chunk. */
export const CHUNK_ROWS = 1_000;
export const CHUNK_BYTES = 5 * 1024 * 1024;

export interface ChunkLimits {
  rows: number;
  bytes: number;
}

/** A row of the file: its text (its lines joined by "\n") and the lines it starts and ends on. */
export interface Row {
  text: string;
  line: number;
  lastLine: number;
}

export interface Chunk {
  /** 0-based, in file order. */
  seq: number;
  text: string;
  firstLine: number;
  lastLine: number;
  rows: number;
}

export type Reject = (row: RejectedRow) => void;

/** Bytes of `text` in UTF-8, what the 5 MB limit counts. */
export function utf8Length(text: string): number {
  const buffer = (globalThis as { Buffer?: { byteLength(text: string, encoding: "utf8"): number } }).Buffer;
  return buffer ? buffer.byteLength(text, "utf8") : new TextEncoder().encode(text).length;
}

/** The lines of a stream of text, without their "\n" (a "\r" before it stays: the server allows it). */
export async function* linesOf(pieces: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  let rest = "";
  for await (const piece of pieces) {
    const parts = (rest + piece).split("\n");
    rest = parts.pop() ?? "";
    yield* parts;
  }
  if (rest !== "") yield rest;
}

const isBlank = (line: string) => line.trim() === "";
const withoutBom = (line: string) => (line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);

/** JSONL: each line that is not blank is a row (the server reads and checks it). */
export async function* jsonlRows(lines: AsyncIterable<string>, firstLine = 1): AsyncGenerator<Row> {
  let line = firstLine - 1;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? withoutBom(raw) : raw;
    if (!isBlank(text)) yield { text, line, lastLine: line };
  }
}

type CsvParse = (text: string, options: Record<string, unknown>) => unknown;

/** csv-parse's synchronous parser, loaded on first use (tracing alone never loads it). */
async function csvParser(): Promise<CsvParse> {
  const module = (await import("csv-parse/sync")) as { parse: CsvParse };
  return module.parse;
}

/** The cells of a CSV header line, read as the server reads CSV. */
export async function csvHeader(line: string): Promise<string[]> {
  const parse = await csvParser();
  const rows = parse(withoutBom(line), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  return (rows[0] ?? []).map((cell) => cell.trim());
}

/**
 * CSV data rows (after the header). A row goes on over the next lines while a quoted field is
 * open; one that cannot be read is rejected with the parser's reason. A quote never closed within
 * `maxBytes` rejects the line that opened it, and the lines after it are read again as rows.
 */
export async function* csvRows(
  lines: AsyncIterable<string>,
  reject: Reject,
  options: { firstLine?: number; maxBytes?: number } = {},
): AsyncGenerator<Row> {
  const parse = await csvParser();
  const maxBytes = options.maxBytes ?? CHUNK_BYTES;
  let line = (options.firstLine ?? 2) - 1;
  let open: { lines: string[]; line: number; bytes: number } | null = null;
  const queue: { text: string; line: number }[] = [];

  /** Takes one line; answers a finished row, or null while the row is open or skipped. */
  const take = (text: string, at: number): Row | null => {
    if (!open) {
      if (isBlank(text)) return null;
      open = { lines: [], line: at, bytes: 0 };
    }
    open.lines.push(text);
    open.bytes += utf8Length(text) + 1;
    const row = { text: open.lines.join("\n"), line: open.line, lastLine: at };
    if (!row.text.includes('"')) {
      open = null;
      return row;
    }
    try {
      parse(row.text.endsWith("\r") ? row.text.slice(0, -1) : row.text, { relax_column_count: true });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === "CSV_QUOTE_NOT_CLOSED" && open.bytes <= maxBytes) return null;
      if (code === "CSV_QUOTE_NOT_CLOSED") {
        reject({
          line: open.line,
          reason: `a quoted field opened on this line is not closed within ${maxBytes} bytes`,
        });
        for (const [i, text] of open.lines.slice(1).entries()) queue.push({ text, line: open.line + 1 + i });
      } else {
        reject({
          line: open.line,
          reason: `not CSV: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      open = null;
      return null;
    }
    open = null;
    return row;
  };

  /** Takes a line, then whatever lines a rejected open quote gave back. */
  function* feed(text: string, at: number): Generator<Row> {
    queue.push({ text, line: at });
    while (queue.length > 0) {
      const next = queue.shift() as { text: string; line: number };
      const row = take(next.text, next.line);
      if (row) yield row;
    }
  }

  for await (const text of lines) yield* feed(text, ++line);
  // The file ended inside a quoted field: that row is refused, the lines after its start read again.
  while (open !== null) {
    const { lines: rest, line: start } = open as { lines: string[]; line: number };
    open = null;
    reject({
      line: start,
      reason: "a quoted field opened on this line is not closed by the end of the file",
    });
    for (const [i, text] of rest.slice(1).entries()) yield* feed(text, start + 1 + i);
  }
}

/**
 * Whole rows gathered into chunks within the limits. A chunk's text is its lines from its first
 * row to its last, a blank line for each line between rows, so line numbers count from `firstLine`. A row
 * bigger than a chunk may be is rejected here (the server would refuse the whole request).
 */
export async function* chunksOf(
  rows: AsyncIterable<Row>,
  limits: ChunkLimits,
  reject: Reject,
): AsyncGenerator<Chunk> {
  let seq = 0;
  let parts: string[] = [];
  let first = 0;
  let last = 0;
  let count = 0;
  let bytes = 0;
  const done = (): Chunk => {
    const chunk = { seq: seq++, text: parts.join(""), firstLine: first, lastLine: last, rows: count };
    parts = [];
    count = 0;
    bytes = 0;
    return chunk;
  };
  for await (const row of rows) {
    const size = utf8Length(row.text);
    if (size > limits.bytes) {
      reject({ line: row.line, reason: `the row is ${size} bytes; a chunk holds at most ${limits.bytes}` });
      continue;
    }
    // The lines between two rows (blank, or a row rejected here) go as blank lines, ended as the
    // row before them was: a CSV parser reading "\r\n" rows takes a bare "\n" as text.
    const blank = parts.at(-1)?.endsWith("\r") ? "\r\n" : "\n";
    const gap = count === 0 ? "" : `\n${blank.repeat(row.line - last - 1)}`;
    if (count > 0 && (count + 1 > limits.rows || bytes + gap.length + size > limits.bytes)) yield done();
    if (count === 0) {
      first = row.line;
      parts.push(row.text);
      bytes = size;
    } else {
      parts.push(gap, row.text);
      bytes += gap.length + size;
    }
    last = row.lastLine;
    count++;
  }
  if (count > 0) yield done();
}

/** The records of a JSON file: an array, or `{ records: [...] }`. */
export function jsonRecords(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(withoutBom(text));
  } catch (error) {
    throw new Error(`the file is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const list = Array.isArray(value) ? value : (value as { records?: unknown } | null)?.records;
  if (!Array.isArray(list)) throw new Error("a JSON file holds an array of records, or { records: [...] }");
  return list;
}

/**
 * Records (of a JSON file, or given to merge) as chunks of the `json` format: each chunk a JSON
 * array, its "lines" the records' places in the whole list, from 1.
 */
export async function* jsonChunks(
  list: unknown[],
  limits: ChunkLimits,
  reject: Reject,
): AsyncGenerator<Chunk> {
  async function* rows(): AsyncGenerator<Row> {
    for (const [i, record] of list.entries()) {
      const text = JSON.stringify(record) ?? "null";
      yield { text, line: i + 1, lastLine: i + 1 };
    }
  }
  for await (const chunk of chunksOf(rows(), { rows: limits.rows, bytes: limits.bytes - 2 }, reject)) {
    // chunksOf joined the rows with line breaks (one per place): an array's commas instead.
    yield { ...chunk, text: `[${chunk.text.split("\n").join(",")}]` };
  }
}

export function formatOfName(name: string): ImportFormat | null {
  const extension = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === "jsonl" || extension === "ndjson") return "jsonl";
  if (extension === "json") return "json";
  if (extension === "csv") return "csv";
  return null;
}
