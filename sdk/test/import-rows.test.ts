/**
 * Cutting a file into an import session's chunks, without a server: lines, JSONL and CSV rows
 * (quoted line breaks, stray quotes, an unclosed quote), the CSV header read as csv-parse reads it,
 * chunk limits in rows and bytes, and chunk text whose lines count from `firstLine` as the
 * server counts them.
 */
import { describe, expect, it } from "vitest";
import type { RejectedRow } from "../src/dataset-types.ts";
import {
  type Chunk,
  chunksOf,
  csvHeader,
  csvRows,
  formatOfName,
  jsonChunks,
  jsonlRows,
  jsonRecords,
  linesOf,
  type Row,
  utf8Length,
} from "../src/import-rows.ts";

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const lines = (text: string) => linesOf([text]);

async function csv(text: string, maxBytes?: number) {
  const rejected: RejectedRow[] = [];
  const rows = await all(csvRows(lines(text), (r) => rejected.push(r), { firstLine: 2, maxBytes }));
  return { rows, rejected };
}

async function chunks(rows: Row[], limits: { rows: number; bytes: number }) {
  const rejected: RejectedRow[] = [];
  async function* source() {
    yield* rows;
  }
  const out = await all(chunksOf(source(), limits, (r) => rejected.push(r)));
  return { chunks: out, rejected };
}

/** Each row of a chunk at the file line the server would give it: firstLine plus its line offset. */
function serverLines(chunk: Chunk): [number, string][] {
  return chunk.text
    .split("\n")
    .map((text, i): [number, string] => [chunk.firstLine + i, text])
    .filter(([, text]) => text.trim() !== "");
}

describe("lines and JSONL rows", () => {
  it("splits pieces that cut lines anywhere, keeping a \\r before the line break", async () => {
    expect(await all(linesOf(['{"a"', ":1}\r\n\n", '{"b":2}']))).toEqual(['{"a":1}\r', "", '{"b":2}']);
    expect(await all(linesOf(["x\n"]))).toEqual(["x"]);
  });

  it("makes each line that is not blank a row at its file line, a leading BOM dropped", async () => {
    const rows = await all(jsonlRows(lines('\uFEFF{"a":1}\n\n  \n{"b":2}\nnot json\n')));
    expect(rows).toEqual([
      { text: '{"a":1}', line: 1, lastLine: 1 },
      { text: '{"b":2}', line: 4, lastLine: 4 },
      { text: "not json", line: 5, lastLine: 5 },
    ]);
  });
});

describe("CSV", () => {
  it("reads the header's cells as csv-parse does: quotes, escaped quotes, commas inside quotes, BOM", async () => {
    expect(await csvHeader('\uFEFFinputs.question,"expectations.expected_response", tags.team \r')).toEqual([
      "inputs.question",
      "expectations.expected_response",
      "tags.team",
    ]);
    expect(await csvHeader('"inputs.a,b","inputs.say ""hi"""')).toEqual(["inputs.a,b", 'inputs.say "hi"']);
  });

  it("keeps a row with a quoted line break whole, starting and ending on its lines", async () => {
    const { rows, rejected } = await csv('q1,a1\n"two\nlines",a2\n\n"say ""hi""",a3\n');
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      { text: "q1,a1", line: 2, lastLine: 2 },
      { text: '"two\nlines",a2', line: 3, lastLine: 4 },
      { text: '"say ""hi""",a3', line: 6, lastLine: 6 },
    ]);
  });

  it("rejects a row csv-parse cannot read (a stray quote) with its line, and reads on", async () => {
    const { rows, rejected } = await csv('ok,1\nbad"quote,2\n"closed"x,3\nfine,4\n');
    expect(rows.map((r) => r.line)).toEqual([2, 5]);
    expect(rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(rejected[0]?.reason).toMatch(/^not CSV: Invalid Opening Quote/);
    expect(rejected[1]?.reason).toMatch(/^not CSV: Invalid Closing Quote/);
  });

  it("rejects the line of a quote never closed and reads the lines after it again", async () => {
    const atEnd = await csv('a,1\n"never closed,2\nb,3\nc,4\n');
    expect(atEnd.rejected).toEqual([
      { line: 3, reason: "a quoted field opened on this line is not closed by the end of the file" },
    ]);
    expect(atEnd.rows.map((r) => [r.line, r.text])).toEqual([
      [2, "a,1"],
      [4, "b,3"],
      [5, "c,4"],
    ]);
    // Within a size limit: the open row gives up once it is larger than a chunk may be.
    const capped = await csv(`"open,1\n${"x,2\n".repeat(30)}y,3\n`, 50);
    expect(capped.rejected).toEqual([
      { line: 2, reason: "a quoted field opened on this line is not closed within 50 bytes" },
    ]);
    expect(capped.rows).toHaveLength(31);
    expect(capped.rows[0]).toEqual({ text: "x,2", line: 3, lastLine: 3 });
  });
});

describe("chunks", () => {
  const row = (line: number, text = `row ${line}`, lastLine = line): Row => ({ text, line, lastLine });

  it("holds at most `rows` rows, numbered from seq 0, each knowing its first and last line", async () => {
    const { chunks: out } = await chunks(
      [1, 2, 3, 4, 5].map((n) => row(n)),
      { rows: 2, bytes: 1_000 },
    );
    expect(out.map((c) => [c.seq, c.firstLine, c.lastLine, c.rows])).toEqual([
      [0, 1, 2, 2],
      [1, 3, 4, 2],
      [2, 5, 5, 1],
    ]);
  });

  it("keeps blank lines between rows so the server's line count from firstLine lands on each row", async () => {
    const rows = [row(3), row(4, '"two\nlines"', 5), row(9), row(10)];
    const { chunks: out } = await chunks(rows, { rows: 3, bytes: 1_000 });
    expect(out[0]?.text).toBe('row 3\n"two\nlines"\n\n\n\nrow 9');
    expect(serverLines(out[0] as Chunk).map(([line]) => line)).toEqual([3, 4, 5, 9]);
    expect(out[1]).toMatchObject({ firstLine: 10, text: "row 10" });
  });

  it("ends the blank lines between rows as the row before them ends (\\r\\n), so a CSV parser reads them as blank", async () => {
    const { chunks: out } = await chunks([row(2, "a,1\r"), row(5, "b,2\r")], { rows: 10, bytes: 1_000 });
    expect(out[0]?.text).toBe("a,1\r\n\r\n\r\nb,2\r");
    expect(serverLines(out[0] as Chunk).map(([line]) => line)).toEqual([2, 5]);
  });

  it("counts bytes in UTF-8, starts a new chunk before the limit, and rejects a row larger than a chunk", async () => {
    expect(utf8Length("é€😀")).toBe(2 + 3 + 4);
    const rows = [row(1, "ééé"), row(2, "aaaa"), row(3, "x".repeat(20)), row(4, "b")];
    const { chunks: out, rejected } = await chunks(rows, { rows: 10, bytes: 12 });
    expect(out.map((c) => c.text)).toEqual(["ééé\naaaa", "b"]);
    expect(rejected).toEqual([{ line: 3, reason: "the row is 20 bytes; a chunk holds at most 12" }]);
  });
});

describe("JSON", () => {
  it("reads an array or { records }, and refuses anything else", () => {
    expect(jsonRecords('\uFEFF[{"inputs":{"q":1}}]')).toEqual([{ inputs: { q: 1 } }]);
    expect(jsonRecords('{"records":[1,2]}')).toEqual([1, 2]);
    expect(() => jsonRecords("{}")).toThrow("an array of records, or { records: [...] }");
    expect(() => jsonRecords("[1,")).toThrow(/^the file is not JSON/);
  });

  it("sends records as JSON arrays whose places count from the chunk's firstLine", async () => {
    const list = [1, 2, 3].map((n) => ({ inputs: { q: `line\n${n}` } }));
    const out = await all(jsonChunks(list, { rows: 2, bytes: 1_000 }, () => undefined));
    expect(out.map((c) => [c.firstLine, c.rows, JSON.parse(c.text)])).toEqual([
      [1, 2, list.slice(0, 2)],
      [3, 1, list.slice(2)],
    ]);
  });
});

describe("formats", () => {
  it("are named by the file's extension", () => {
    expect(["a.jsonl", "b.NDJSON", "c.json", "d.csv", "e.txt", "f"].map(formatOfName)).toEqual([
      "jsonl",
      "jsonl",
      "json",
      "csv",
      null,
      null,
    ]);
  });
});
