import {
  CHUNK_BYTES,
  CHUNK_ROWS,
  type Chunk,
  type ChunkLimits,
  chunksOf,
  jsonChunks,
  jsonlRows,
  jsonRecords,
  linesOf,
  type Reject,
  type Row,
} from "../../../../sdk/src/import-rows.ts";
import type { ImportFormat } from "../../api/datasets";

/**
 * A file picked in the browser, cut into an import session's chunks: whole rows only, at most
 * 1,000 rows or 5 MB each, each knowing the file line of its first row for the bad-row report.
 * The cutting is the SDK's (the CLI sends files the same way); what is the browser's own is
 * reading a File as a stream (never whole, but for a JSON array), finding where CSV rows end
 * without a parser, and reading a CSV header with the browser build of csv-parse (the SDK's
 * reader loads the Node one).
 */

export { formatOfName } from "../../../../sdk/src/import-rows.ts";
export type { Chunk, Row };

/**
 * Whether a CSV line leaves a quoted field open (its line break is then part of the field), read
 * as csv-parse reads quotes: a quote opens a field only at the field's start, and `""` inside one
 * is a quote. A stray quote elsewhere is the server's to report, with its row.
 */
export function leavesQuoteOpen(line: string, open: boolean): boolean {
  let quoted = open;
  let fieldStart = !open;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char !== '"') continue;
      if (line[i + 1] === '"') i++;
      else quoted = false;
    } else {
      if (char === '"' && fieldStart) quoted = true;
      fieldStart = char === ",";
    }
  }
  return quoted;
}

/**
 * The rows of CSV lines, blank lines left out: a row goes on while a quoted field is open. A
 * quote still open at the end of the file would take the rest of its chunk with it: that row is
 * reported here instead.
 */
export async function* csvRows(lines: AsyncIterable<string>, reject: Reject): AsyncGenerator<Row> {
  let line = 0;
  let pending: string[] = [];
  let start = 0;
  let open = false;
  for await (const text of lines) {
    line++;
    if (pending.length === 0) start = line;
    pending.push(text);
    open = leavesQuoteOpen(text, open);
    if (open) continue;
    const row = { text: pending.join("\n"), line: start, lastLine: line };
    pending = [];
    if (row.text.trim() !== "") yield row;
  }
  if (pending.length > 0)
    reject({
      line: start,
      reason: "A quoted field opened on this line is not closed by the end of the file.",
    });
}

/** Newlines in a file, counted on its bytes (fast, nothing decoded): the progress bar's total. */
export async function countLines(file: Blob): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const bytes of file.stream() as unknown as AsyncIterable<Uint8Array>) {
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
    if (bytes.length > 0) last = bytes[bytes.length - 1] ?? 10;
  }
  return last === 10 ? lines : lines + 1;
}

function textOf(file: Blob): AsyncIterable<string> {
  return file.stream().pipeThrough(new TextDecoderStream()) as unknown as AsyncIterable<string>;
}

/** A file ready to send: the session's format and columns, and its rows in chunks. */
export interface PreparedFile {
  format: ImportFormat;
  /** A CSV file's header row. */
  columns?: string[];
  /** Lines (a JSON file: records) to send, for the progress bar. */
  totalLines: number;
  /** What a report's line numbers count: a JSON file's are records' places in its array. */
  unit: "line" | "record";
  chunks: (reject: Reject) => AsyncGenerator<Chunk>;
}

/** Reads what the session needs before the first chunk: the CSV header, the JSON records. */
export async function prepareFile(
  file: Blob,
  format: ImportFormat,
  csvHeader: (line: string) => string[],
  limits: ChunkLimits = { rows: CHUNK_ROWS, bytes: CHUNK_BYTES },
): Promise<PreparedFile> {
  if (format === "json") {
    const records = jsonRecords(await file.text());
    return {
      format,
      totalLines: records.length,
      unit: "record",
      chunks: (reject) => jsonChunks(records, limits, reject),
    };
  }
  const totalLines = await countLines(file);
  if (format === "jsonl")
    return {
      format,
      totalLines,
      unit: "line",
      chunks: (reject) => chunksOf(jsonlRows(linesOf(textOf(file))), limits, reject),
    };
  // The header is read from the stream the chunks then go on with.
  let onReject: Reject = () => undefined;
  const rows = csvRows(linesOf(textOf(file)), (row) => onReject(row));
  const header = await rows.next();
  if (header.done) throw new Error("The CSV file is empty: it needs a header row and at least one row.");
  const columns = csvHeader(header.value.text);
  if (columns.length === 0 || columns.every((column) => column === ""))
    throw new Error("The CSV file's first row must name its columns, such as inputs.question.");
  return {
    format,
    columns,
    totalLines,
    unit: "line",
    chunks: (reject) => {
      onReject = reject;
      return chunksOf(rows, limits, reject);
    },
  };
}
