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
 * reading a File as a stream (never whole, but for a JSON array) and finding CSV rows with the
 * browser build of csv-parse, as the SDK's reader loads the Node one.
 */

export { formatOfName } from "../../../../sdk/src/import-rows.ts";
export type { Chunk, Row };

/**
 * One CSV line read as csv-parse reads quotes: whether it leaves a quoted field open (its line
 * break is then part of the field), and whether a quote is out of place (the parser refuses the
 * row: a quote that opens mid-field, or anything but a comma or the line's end after a closing
 * one). `""` inside a quoted field is a quote.
 */
export function scanCsvLine(line: string, open: boolean): { open: boolean; stray: boolean } {
  let quoted = open;
  let fieldStart = !open;
  let stray = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char !== '"') continue;
      if (line[i + 1] === '"') {
        i++;
        continue;
      }
      quoted = false;
      const next = line[i + 1];
      if (next !== undefined && next !== "," && next !== "\r") stray = true;
    } else {
      if (char === '"') {
        if (fieldStart) quoted = true;
        else stray = true;
      }
      fieldStart = char === ",";
    }
  }
  return { open: quoted, stray };
}

/** How CSV is read: a header's column names, and what is wrong with a row (null: nothing). */
export interface CsvReader {
  header: (text: string) => string[];
  problem: (text: string) => string | null;
}

/**
 * The rows of CSV lines, blank lines left out: a row goes on while a quoted field is open. A row
 * with a quote out of place is read by the parser, and rejected here with its reason when the
 * parser refuses it too, as the server would refuse the whole chunk around it.
 */
export async function* csvRows(
  lines: AsyncIterable<string>,
  problemOf: CsvReader["problem"],
  reject: Reject,
): AsyncGenerator<Row> {
  let line = 0;
  let pending: string[] = [];
  let start = 0;
  let open = false;
  let stray = false;
  for await (const text of lines) {
    line++;
    if (pending.length === 0) start = line;
    pending.push(text);
    const scan = scanCsvLine(text, open);
    open = scan.open;
    stray ||= scan.stray;
    if (open) continue;
    const row = { text: pending.join("\n"), line: start, lastLine: line };
    const problem = stray ? problemOf(row.text) : null;
    pending = [];
    stray = false;
    if (problem) reject({ line: row.line, reason: problem });
    else if (row.text.trim() !== "") yield row;
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
  csv: CsvReader,
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
  // The header is read from the stream the chunks then go on with; a bad row before the first
  // chunk is asked for is reported once it is.
  let onReject: Reject = () => undefined;
  const rows = csvRows(linesOf(textOf(file)), csv.problem, (row) => onReject(row));
  const header = await rows.next();
  if (header.done) throw new Error("The CSV file is empty: it needs a header row and at least one row.");
  const columns = csv.header(header.value.text);
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
