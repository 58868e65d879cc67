/**
 * Datasets through the SDK against the real local stack (stack-setup.ts): merge semantics as the
 * SDK sees them, merges over 1,000 records as one version (and all or nothing), records at a
 * version after later changes, diff, restore, importFile with bad rows (JSONL and CSV), the export
 * round trip, and records from traces. Each test signs up its own organization.
 */
import { describe, expect, it } from "vitest";
import type { DatasetImport, DatasetRecord, ImportProgress, SightlineClient } from "../src/index.ts";
import { rejection } from "./rejection.ts";
import { newClient, waitForTrace } from "./stack-clients.ts";

/** Every record of a version, in order, through the cursor. */
async function allRecords(client: SightlineClient, datasetId: string, version?: number) {
  const out: DatasetRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.datasets.records({ datasetId, version, cursor, limit: 200 });
    out.push(...page.records);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return out;
}

const contents = (records: DatasetRecord[]) =>
  records.map(({ inputs, expectations, outputs, tags }) => ({ inputs, expectations, outputs, tags }));

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("merge", () => {
  it("matches records on their inputs in any key order, merges expectations and tags, and counts", async () => {
    const client = await newClient("merge");
    const dataset = await client.datasets.create({ name: "golden", description: "support questions" });
    expect(dataset).toMatchObject({ name: "golden", version: 0, recordCount: 0 });

    const first = await client.datasets.merge({
      datasetId: dataset.id,
      records: [
        {
          inputs: { question: "Refunds?", lang: "en" },
          expectations: { expected_response: "Within 30 days" },
          tags: { team: "billing" },
        },
        { inputs: { question: "Shipping?" }, outputs: "3 days" },
      ],
      message: "first cut",
    });
    expect(first).toEqual({ version: 1, inserted: 2, updated: 0, unchanged: 0 });
    const [refunds] = await allRecords(client, dataset.id);

    const second = await client.datasets.merge({
      datasetId: dataset.id,
      records: [
        // The same inputs with their keys in another order: a match.
        {
          inputs: { lang: "en", question: "Refunds?" },
          expectations: { guidelines: ["Be brief"] },
          tags: { reviewed: "yes" },
          outputs: { answer: "30 days" },
        },
        { inputs: { question: "Shipping?" } },
        { inputs: { question: "Returns?" } },
      ],
    });
    expect(second).toEqual({ version: 2, inserted: 1, updated: 1, unchanged: 1 });
    const records = await allRecords(client, dataset.id);
    expect(records.map((r) => r.id)).toEqual([refunds?.id, expect.any(String), expect.any(String)]);
    expect(contents(records)).toEqual([
      {
        inputs: { question: "Refunds?", lang: "en" },
        expectations: { expected_response: "Within 30 days", guidelines: ["Be brief"] },
        outputs: { answer: "30 days" },
        tags: { team: "billing", reviewed: "yes" },
      },
      // Outputs left out of a merge stay as they were.
      { inputs: { question: "Shipping?" }, expectations: {}, outputs: "3 days", tags: {} },
      { inputs: { question: "Returns?" }, expectations: {}, outputs: null, tags: {} },
    ]);
    expect(records[0]?.source.type).toBe("code");

    // Nothing changed: no new version.
    expect(
      await client.datasets.merge({ datasetId: dataset.id, records: [{ inputs: { question: "Returns?" } }] }),
    ).toEqual({ version: 2, inserted: 0, updated: 0, unchanged: 1 });
    expect((await client.datasets.get(dataset.id)).version).toBe(2);
  });

  it("merges more than 1,000 records as one version, and refuses them all when one is bad", async () => {
    const client = await newClient("bigmerge");
    const { id } = await client.datasets.create({ name: "big" });
    const records = Array.from({ length: 2_345 }, (_, i) => ({
      inputs: { question: `Question ${i}?` },
      expectations: { expected_response: `Answer ${i}` },
    }));
    const progress: ImportProgress[] = [];
    const merged = await client.datasets.merge({
      datasetId: id,
      records,
      message: "bulk",
      onProgress: (p) => progress.push(p),
    });
    expect(merged).toEqual({ version: 1, inserted: 2_345, updated: 0, unchanged: 0 });
    expect(progress.filter((p) => p.stage === "sending").at(-1)).toMatchObject({ rows: 2_345, chunks: 3 });
    const [version] = (await client.datasets.versions({ datasetId: id })).versions;
    expect(version).toMatchObject({ version: 1, kind: "import", message: "bulk", recordCount: 2_345 });
    expect((await allRecords(client, id)).every((r) => r.source.type === "code")).toBe(true);

    // A record only the server refuses (the SDK does not check reserved expectations' shapes).
    const wrong = { inputs: { question: "Wrong?" }, expectations: { expected_facts: "not a list" } };
    const bad = [...records.slice(0, 1_500), wrong, ...records.slice(1_500)].map((r, i) =>
      i === 1_500 ? r : { ...r, tags: { pass: "2" } },
    );
    const refused = await rejection(client.datasets.merge({ datasetId: id, records: bad }));
    expect(refused).toMatchObject({ kind: "api_error", status: 422, code: "INVALID_INPUT" });
    expect(refused.message).toContain("1 of 2346 records refused (record 1501: expectations.expected_facts:");
    // Nothing was written, and the dataset is not left locked by the aborted session.
    expect(await client.datasets.get(id)).toMatchObject({ version: 1, importing: null });
    expect((await client.datasets.records({ datasetId: id, tag: { pass: "2" } })).total).toBe(0);
    const small = await client.datasets.merge({
      datasetId: id,
      records: [{ inputs: { question: "Late?" } }],
    });
    expect(small).toMatchObject({ version: 2, inserted: 1 });
  });

  it("checks records before sending", async () => {
    const client = await newClient("checks");
    const cases: [unknown, string][] = [
      [[], "records must be a non-empty array"],
      [[{ inputs: {} }], "records[0].inputs must be a non-empty object"],
      [[{ inputs: { q: 1 } }, { input: { q: 2 } }], "records[1].inputs must be a non-empty object"],
      [[{ inputs: { q: 1 }, tags: { n: 1 } }], "records[0].tags must be an object of strings"],
      [[{ inputs: { q: 1 }, source: { type: "file" } }], "records[0].source must be"],
      [[{ inputs: { q: 1 }, expected: "x" }], "records[0] has unknown fields expected"],
    ];
    for (const [records, message] of cases) {
      const error = await rejection(client.datasets.merge({ datasetId: "ds_x", records: records as never }));
      expect(error.kind).toBe("invalid_input");
      expect(error.message).toContain(message);
    }
    expect((await rejection(client.datasets.merge({ datasetId: "", records: [] }))).message).toContain(
      "datasetId must be a non-empty string",
    );
  });
});

describe("versions", () => {
  it("reads a version as it was after later edits and deletes, diffs two versions, and restores one", async () => {
    const client = await newClient("versions");
    const { id } = await client.datasets.create({ name: "history" });
    const v1 = await client.datasets.merge({
      datasetId: id,
      records: ["a", "b", "c"].map((q) => ({
        inputs: { q },
        expectations: { expected_response: q.toUpperCase() },
      })),
    });
    const atV1 = await allRecords(client, id);
    const [a, b, c] = atV1;
    if (!a || !b || !c) throw new Error("three records expected");

    const edited = await client.datasets.updateRecord({
      datasetId: id,
      recordId: a.id,
      expectations: { expected_response: "A!" },
      message: "sharper",
    });
    expect(edited).toMatchObject({
      version: 2,
      record: { id: a.id, expectations: { expected_response: "A!" } },
    });
    expect(await client.datasets.deleteRecords({ datasetId: id, ids: [b.id] })).toEqual({
      version: 3,
      deleted: 1,
    });
    await client.datasets.merge({ datasetId: id, records: [{ inputs: { q: "d" } }] });

    // Version 1 reads as it was; the current version has the changes.
    const page = await client.datasets.records({ datasetId: id, version: v1.version });
    expect(page).toMatchObject({ version: 1, total: 3 });
    expect(page.records).toEqual(atV1);
    expect(
      contents(await allRecords(client, id)).map((r) => [r.inputs.q, r.expectations.expected_response]),
    ).toEqual([
      ["a", "A!"],
      ["c", "C"],
      ["d", undefined],
    ]);
    expect(
      (await client.datasets.versions({ datasetId: id })).versions.map((v) => [
        v.version,
        v.kind,
        v.recordCount,
      ]),
    ).toEqual([
      [4, "merge", 3],
      [3, "delete", 2],
      [2, "edit", 3],
      [1, "merge", 3],
    ]);

    const diff = await client.datasets.diff({ datasetId: id, from: 1, to: 4 });
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1 });
    const byChange = Object.fromEntries(diff.changes.map((ch) => [ch.change, ch]));
    expect(byChange.changed).toMatchObject({
      recordId: a.id,
      before: { expectations: { expected_response: "A" } },
      after: { expectations: { expected_response: "A!" } },
    });
    expect(byChange.removed).toMatchObject({ recordId: b.id, after: null });
    expect(byChange.added?.after?.inputs).toEqual({ q: "d" });
    // Paged: one change a page, following the cursor.
    const first = await client.datasets.diff({ datasetId: id, from: 1, to: 4, limit: 1 });
    expect(first.changes).toHaveLength(1);
    const rest = await client.datasets.diff({
      datasetId: id,
      from: 1,
      to: 4,
      limit: 5,
      cursor: first.nextCursor ?? "",
    });
    expect([...first.changes, ...rest.changes].map((ch) => ch.recordId).sort()).toEqual(
      diff.changes.map((ch) => ch.recordId).sort(),
    );

    const restored = await client.datasets.restore({ datasetId: id, version: 1, message: "back to 1" });
    expect(restored.version).toBe(5);
    // Without from and to: the current version against the one before.
    const latest = await client.datasets.diff({ datasetId: id });
    expect([latest.from, latest.to, latest.counts.removed]).toEqual([4, 5, 1]);
    expect(await allRecords(client, id)).toEqual(
      atV1.map((r) => ({ ...r, updatedAt: expect.any(String), updatedBy: expect.any(String) })),
    );
  });

  it("diffs a restored version as equal to the version it restored", async () => {
    const client = await newClient("restorediff");
    const { id } = await client.datasets.create({ name: "restored" });
    await client.datasets.merge({ datasetId: id, records: [{ inputs: { q: "a" } }, { inputs: { q: "b" } }] });
    const [a, b] = (await client.datasets.records({ datasetId: id })).records;
    await client.datasets.updateRecord({ datasetId: id, recordId: a?.id ?? "", expectations: { x: 1 } });
    await client.datasets.deleteRecords({ datasetId: id, ids: [b?.id ?? ""] });
    const { version } = await client.datasets.restore({ datasetId: id, version: 1 });
    expect((await client.datasets.diff({ datasetId: id, from: 1, to: version })).counts).toEqual({
      added: 0,
      removed: 0,
      changed: 0,
    });
  });

  it("searches and filters a version's records by text, tag and source, by cursor or page", async () => {
    const client = await newClient("search");
    const { id } = await client.datasets.create({ name: "searchable" });
    await client.datasets.merge({
      datasetId: id,
      records: Array.from({ length: 30 }, (_, i) => ({
        inputs: { question: i % 3 === 0 ? `refund question ${i}` : `other ${i}` },
        tags: { team: i % 2 === 0 ? "billing" : "support" },
      })),
    });
    const found = await client.datasets.records({ datasetId: id, search: "refund" });
    expect(found.total).toBe(10);
    const billing = await client.datasets.records({
      datasetId: id,
      tag: ["team:billing"],
      limit: 5,
      page: 3,
    });
    expect(billing).toMatchObject({ total: 15 });
    expect(billing.records.map((r) => r.inputs.question)).toEqual([
      "other 20",
      "other 22",
      "refund question 24",
      "other 26",
      "other 28",
    ]);
    expect((await client.datasets.records({ datasetId: id, source: "trace" })).total).toBe(0);
    const error = await rejection(client.datasets.records({ datasetId: id, cursor: "x", page: 2 }));
    expect(error.message).toContain("give a cursor or a page, not both");
  });
});

describe("importFile", () => {
  it("imports JSONL with bad rows: the good rows as one version, the bad ones reported by line", async () => {
    const client = await newClient("jsonl");
    const { id } = await client.datasets.create({ name: "imported" });
    const lines = [
      JSON.stringify({ inputs: { q: "one" }, expectations: { expected_response: "1" } }),
      "",
      "{not json",
      JSON.stringify({ inputs: { q: "two" }, tags: { from: "file" } }),
      JSON.stringify({ inputs: {} }),
      JSON.stringify({ inputs: { q: "three" }, expectations: { expected_facts: "not a list" } }),
      JSON.stringify({ inputs: { q: "four" } }),
    ];
    const progress: ImportProgress[] = [];
    const report = await client.datasets.importFile(
      { text: `${lines.join("\n")}\n`, fileName: "golden.jsonl" },
      { dataset: id, onProgress: (p) => progress.push(p), chunkRows: 2, message: "from a file" },
    );
    expect(report).toMatchObject({
      version: 1,
      rows: 6,
      accepted: 3,
      rejected: 3,
      inserted: 3,
      import: { status: "committed", format: "jsonl", fileName: "golden.jsonl" },
    });
    expect(report.errors.map((e) => e.line)).toEqual([3, 5, 6]);
    expect(report.errors[0]?.reason).toMatch(/^not JSON/);
    expect(report.errors[1]?.reason).toContain("inputs");
    expect(report.errors[2]?.reason).toContain("expected_facts");
    expect(progress.map((p) => p.stage)).toEqual([
      "sending",
      "sending",
      "sending",
      "sending",
      "committing",
      "committed",
    ]);
    const records = await allRecords(client, id);
    expect(records.map((r) => r.inputs.q)).toEqual(["one", "two", "four"]);
    expect(records[0]?.source).toEqual({ type: "document", id: "golden.jsonl" });
    const [version] = (await client.datasets.versions({ datasetId: id })).versions;
    expect(version).toMatchObject({ kind: "import", message: "from a file", inserted: 3 });
  });

  it("imports CSV by the header convention, with quoted line breaks and a broken row reported by line", async () => {
    const client = await newClient("csv");
    const { id } = await client.datasets.create({ name: "from-csv" });
    const csv = [
      "inputs.question,expectations.expected_response,tags.team,inputs.context:json",
      'Refunds?,"Within 30 days, by card",billing,"{""order"":1}"',
      '"Two',
      'lines?",yes,support,',
      'Broken "quote,no,support,',
      "",
      "Shipping?,3 days,,",
    ].join("\r\n");
    const report = await client.datasets.importFile({ text: csv, fileName: "cases.csv" }, { dataset: id });
    expect(report).toMatchObject({ accepted: 3, rejected: 1, version: 1 });
    expect(report.errors).toEqual([{ line: 5, reason: expect.stringContaining("Invalid Opening Quote") }]);
    expect(contents(await allRecords(client, id))).toEqual([
      {
        inputs: { question: "Refunds?", context: { order: 1 } },
        expectations: { expected_response: "Within 30 days, by card" },
        outputs: null,
        tags: { team: "billing" },
      },
      {
        inputs: { question: "Two\r\nlines?" },
        expectations: { expected_response: "yes" },
        outputs: null,
        tags: { team: "support" },
      },
      {
        inputs: { question: "Shipping?" },
        expectations: { expected_response: "3 days" },
        outputs: null,
        tags: {},
      },
    ]);
  });

  it("refuses a CSV header that maps to nothing before any row is sent, and leaves the dataset writable", async () => {
    const client = await newClient("csvheader");
    const { id } = await client.datasets.create({ name: "bad-header" });
    const error = await rejection(
      client.datasets.importFile({ text: "question,answer\nq,a\n" }, { dataset: id, format: "csv" }),
    );
    expect(error).toMatchObject({ kind: "api_error", status: 422 });
    expect(error.message).toContain('column "question" maps to nothing');
    // With a mapping the same file imports.
    const mapped = await client.datasets.importFile(
      { text: "question,answer\nq,a\n" },
      {
        dataset: id,
        format: "csv",
        mapping: { question: "inputs.question", answer: "expectations.expected_response" },
      },
    );
    expect(mapped).toMatchObject({ accepted: 1, rejected: 0 });
  });
});

describe("export", () => {
  it("round-trips: a version exported as JSONL or CSV imports into a new dataset as the same records", async () => {
    const client = await newClient("export");
    const { id } = await client.datasets.create({ name: "source" });
    await client.datasets.merge({
      datasetId: id,
      records: [
        {
          inputs: { question: "Refunds?", history: [{ role: "user", content: "hi" }] },
          expectations: { expected_response: "30 days", expected_facts: ["card", "30 days"] },
          outputs: { answer: "Thirty days", score: 0.9 },
          tags: { team: "billing" },
        },
        { inputs: { question: 'Line\nbreak, "quoted"' }, outputs: "plain text" },
        { inputs: { question: "No outputs", n: 3 }, tags: { team: "support", lang: "fr" } },
      ],
    });
    await client.datasets.merge({ datasetId: id, records: [{ inputs: { question: "Added later" } }] });
    const v1 = contents(await allRecords(client, id, 1));

    for (const format of ["jsonl", "csv"] as const) {
      const exported = await text(await client.datasets.export({ datasetId: id, version: 1, format }));
      if (format === "jsonl") expect(exported.trim().split("\n")).toHaveLength(3);
      const copy = await client.datasets.create({ name: `copy-${format}` });
      const report = await client.datasets.importFile(
        { text: exported, fileName: `source.${format}` },
        { dataset: copy.id },
      );
      expect(report).toMatchObject({ accepted: 3, rejected: 0, errors: [] });
      expect(contents(await allRecords(client, copy.id)), format).toEqual(v1);
    }
  });
});

describe("fromTraces", () => {
  it("adds traces with their inputs, outputs and expectations as one version, and reports progress", async () => {
    const client = await newClient("traces");
    const traceIds: string[] = [];
    for (const question of ["What is 2+2?", "Capital of France?"]) {
      const traceId = await client.withSpan({ name: "answer", inputs: { question } }, async (span) => {
        span.setOutputs({ answer: question.length });
        return span.traceId;
      });
      traceIds.push(traceId);
    }
    await client.flush();
    for (const traceId of traceIds) await waitForTrace(client, traceId);
    const [first] = traceIds;
    if (!first) throw new Error("no trace");
    await client.logExpectation({ traceId: first, name: "expected_response", value: "4" });

    const { id } = await client.datasets.create({ name: "from-traffic" });
    const seen: DatasetImport[] = [];
    const job = await client.datasets.fromTraces({
      datasetId: id,
      traceIds,
      onProgress: (j) => seen.push(j),
      pollIntervalMs: 100,
    });
    expect(job).toMatchObject({ status: "committed", format: "traces", accepted: 2, version: 1 });
    expect(seen[0]?.status).toBe("open");
    expect(seen.at(-1)?.status).toBe("committed");
    const records = await allRecords(client, id);
    const byTrace = Object.fromEntries(records.map((r) => [r.source.id, r]));
    expect(records.every((r) => r.source.type === "trace")).toBe(true);
    expect(byTrace[first]).toMatchObject({
      inputs: { question: "What is 2+2?" },
      outputs: { answer: 12 },
      expectations: { expected_response: "4" },
    });
    expect((await client.datasets.versions({ datasetId: id })).versions[0]?.kind).toBe("from_traces");

    // Every trace a trace-list filter matches, into another dataset.
    const other = await client.datasets.create({ name: "from-filter" });
    const matched = await client.datasets.fromTraces({
      datasetId: other.id,
      filter: { name: "answer", contains: "France" },
      pollIntervalMs: 100,
    });
    expect(matched).toMatchObject({ status: "committed", accepted: 1 });
    const [fromFilter] = await allRecords(client, other.id);
    expect(fromFilter?.source).toEqual({ type: "trace", id: traceIds[1] });

    const refused = await rejection(client.datasets.fromTraces({ datasetId: id, traceIds: ["nope"] }));
    expect(refused.kind).toBe("invalid_input");
  });
});
