import { describe, expect, it } from "vitest";
import type { RejectedRow } from "../../api/datasets";
import { parseCsvHeader } from "./csv";
import { type Chunk, countLines, formatOfName, leavesQuoteOpen, prepareFile } from "./importFile";

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The file's chunks as [seq, firstLine, text], and the rows the browser kept back. */
async function chunksOfFile(
  text: string,
  format: "jsonl" | "json" | "csv",
  limits = { rows: 1_000, bytes: 5e6 },
) {
  const file = await prepareFile(new Blob([text]), format, parseCsvHeader, limits);
  const rejected: RejectedRow[] = [];
  const chunks: Chunk[] = await all(file.chunks((row) => rejected.push(row)));
  return {
    file,
    rejected,
    chunks: chunks.map((chunk) => [chunk.seq, chunk.firstLine, chunk.text] as const),
    raw: chunks,
  };
}

describe("JSONL files", () => {
  it("cut at the row limit, each chunk numbered from its first line, the file's text kept", async () => {
    const text = Array.from({ length: 7 }, (_, i) => JSON.stringify({ inputs: { n: i } })).join("\n");
    const { file, raw } = await chunksOfFile(`${text}\n`, "jsonl", { rows: 3, bytes: 5e6 });
    expect(file.totalLines).toBe(7);
    expect(raw.map((chunk) => [chunk.seq, chunk.firstLine, chunk.lastLine, chunk.rows])).toEqual([
      [0, 1, 3, 3],
      [1, 4, 6, 3],
      [2, 7, 7, 1],
    ]);
    expect(raw.map((chunk) => chunk.text).join("\n")).toBe(text);
  });
  it("cut at the byte limit, counted in UTF-8", async () => {
    // "é" is 2 bytes: two 6-byte rows and the line break between them are 13 bytes.
    expect(
      (await chunksOfFile("ééé\nééé\nééé", "jsonl", { rows: 100, bytes: 13 })).raw.map((c) => c.rows),
    ).toEqual([2, 1]);
    expect(
      (await chunksOfFile("ééé\nééé\nééé", "jsonl", { rows: 100, bytes: 12 })).raw.map((c) => c.rows),
    ).toEqual([1, 1, 1]);
  });
  it("keep blank lines inside a chunk, so every row's line is firstLine plus its offset", async () => {
    const { chunks } = await chunksOfFile("a\nb\n\n\nc\n", "jsonl");
    expect(chunks).toEqual([[0, 1, "a\nb\n\n\nc"]]);
  });
  it("report a row too big for any chunk by its line, and send the rest", async () => {
    const { chunks, rejected } = await chunksOfFile(`a\n${"x".repeat(50)}\nb`, "jsonl", {
      rows: 10,
      bytes: 20,
    });
    expect(chunks.map(([, first, text]) => [first, text.trim()])).toEqual([[1, "a\n\nb"]]);
    expect(rejected.map((row) => row.line)).toEqual([2]);
  });
  it("stream a large file in chunks of 1,000 rows", async () => {
    const lines = Array.from({ length: 2_500 }, (_, i) => JSON.stringify({ inputs: { q: `question ${i}` } }));
    const { file, raw } = await chunksOfFile(`${lines.join("\n")}\n`, "jsonl");
    expect(file.totalLines).toBe(2_500);
    expect(raw.map((chunk) => [chunk.firstLine, chunk.rows])).toEqual([
      [1, 1_000],
      [1_001, 1_000],
      [2_001, 500],
    ]);
  });
});

describe("CSV files", () => {
  it("reads quotes as csv-parse does: only at a field's start, doubled inside one", () => {
    expect(leavesQuoteOpen('"open, still', false)).toBe(true);
    expect(leavesQuoteOpen('closed now",x', true)).toBe(false);
    expect(leavesQuoteOpen('a,"say ""hi"" ', false)).toBe(true);
    expect(leavesQuoteOpen('5" screen,x', false)).toBe(false);
    expect(leavesQuoteOpen('a,b "c",d', false)).toBe(false);
    expect(leavesQuoteOpen('""', false)).toBe(false);
  });
  it("reads the header's quoted column names, without a byte-order mark", () => {
    expect(parseCsvHeader('\uFEFF"inputs.question","expectations.expected_response", tags.team\r')).toEqual([
      "inputs.question",
      "expectations.expected_response",
      "tags.team",
    ]);
    expect(parseCsvHeader('"inputs.a,b",outputs:json')).toEqual(["inputs.a,b", "outputs:json"]);
  });
  it("send the header as the session's columns and only data rows in chunks, from line 2", async () => {
    const csv =
      'inputs.question,expectations.expected_response\r\n"What, exactly?",yes\r\nWhy,"because\r\nof this"\r\n';
    const { file, chunks } = await chunksOfFile(csv, "csv", { rows: 1, bytes: 1e6 });
    expect(file.columns).toEqual(["inputs.question", "expectations.expected_response"]);
    expect(file.totalLines).toBe(4);
    expect(chunks).toEqual([
      [0, 2, '"What, exactly?",yes\r'],
      [1, 3, 'Why,"because\r\nof this"\r'],
    ]);
  });
  it("send a stray quote's row for the server to report, and report a quote never closed here", async () => {
    const csv = 'inputs.q,tags.t\na,b\n5" screen,c\nd,e\n"never closed,f\ng,h\n';
    const { chunks, rejected } = await chunksOfFile(csv, "csv");
    expect(chunks).toEqual([[0, 2, 'a,b\n5" screen,c\nd,e']]);
    expect(rejected.map((row) => row.line)).toEqual([5]);
    expect(rejected[0]?.reason).toContain("not closed");
  });
  it("refuse a file without a header", async () => {
    await expect(prepareFile(new Blob(["\n\n"]), "csv", parseCsvHeader)).rejects.toThrow(/header row/);
  });
});

describe("JSON files and the rest", () => {
  it("send a JSON file's records as JSON arrays, numbered by their place", async () => {
    const records = Array.from({ length: 5 }, (_, i) => ({ inputs: { n: i } }));
    const { file, raw } = await chunksOfFile(JSON.stringify({ records }, null, 2), "json", {
      rows: 2,
      bytes: 1e6,
    });
    expect([file.format, file.unit, file.totalLines]).toEqual(["json", "record", 5]);
    expect(raw.map((chunk) => [chunk.firstLine, JSON.parse(chunk.text)])).toEqual([
      [1, records.slice(0, 2)],
      [3, records.slice(2, 4)],
      [5, records.slice(4)],
    ]);
    await expect(prepareFile(new Blob(['{"rows": []}']), "json", parseCsvHeader)).rejects.toThrow(
      /array of records/,
    );
    await expect(prepareFile(new Blob(["[1,"]), "json", parseCsvHeader)).rejects.toThrow(/not JSON/);
  });
  it("know formats by extension", () => {
    expect(["a.jsonl", "b.NDJSON", "c.json", "d.csv", "e.txt"].map(formatOfName)).toEqual([
      "jsonl",
      "jsonl",
      "json",
      "csv",
      null,
    ]);
  });
  it("count lines with or without a final newline", async () => {
    expect(await countLines(new Blob(["a\nb\n"]))).toBe(2);
    expect(await countLines(new Blob(["a\nb"]))).toBe(2);
    expect(await countLines(new Blob([""]))).toBe(0);
  });
});
