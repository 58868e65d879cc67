import { describe, expect, it } from "vitest";
import { asUser } from "../test/accounts";
import { dsPath, merge, newDataset, type Project, recordsAt } from "../test/datasets";
import { call, eventually, expectError } from "../test/helpers";
import { testServices } from "../test/services";
import { getJson } from "../test/trace-api";
import { buildTrace, hoursAgo, ingestTraces, traceProject } from "../test/trace-fixtures";
import { abortIdleImports, IMPORT_IDLE_MS } from "./imports";
import type { DatasetView, ImportView, RecordView } from "./schemas";

async function open(p: Project, id: string, body: object) {
  return asUser(p.owner.cookie, dsPath(p, `/${id}/imports`), { method: "POST", json: body });
}
async function chunk(p: Project, id: string, importId: string, seq: number, text: string, firstLine = 1) {
  return asUser(
    p.owner.cookie,
    dsPath(p, `/${id}/imports/${importId}/chunks/${seq}?firstLine=${firstLine}`),
    {
      method: "PUT",
      headers: { "content-type": "text/plain" },
      body: text,
    },
  );
}
async function commit(p: Project, id: string, importId: string) {
  const res = await asUser(p.owner.cookie, dsPath(p, `/${id}/imports/${importId}/commit`), {
    method: "POST",
    json: {},
  });
  expect(res.status).toBe(200);
  return (await res.json()) as ImportView;
}
async function exported(p: Project, id: string, query: string) {
  const res = await call(dsPath(p, `/${id}/export${query}`), { headers: { cookie: p.owner.cookie } });
  expect(res.status).toBe(200);
  return {
    text: await res.text(),
    type: res.headers.get("content-type"),
    disposition: res.headers.get("content-disposition"),
  };
}
const strip = (r: RecordView) => ({
  inputs: r.inputs,
  expectations: r.expectations,
  outputs: r.outputs,
  tags: r.tags,
  source: r.source,
});

describe("dataset imports", () => {
  it("take a JSONL file in chunks as one version: bad rows reported by line, a chunk sent twice counted once", async () => {
    const p = await traceProject();
    const d = await newDataset(p);
    await merge(p, d.id, [{ inputs: { q: "kept" } }]);
    const opened = await open(p, d.id, { format: "jsonl", fileName: "golden.jsonl" });
    expect(opened.status).toBe(201);
    const imp = (await opened.json()) as ImportView;
    expect(imp).toMatchObject({ status: "open", format: "jsonl", accepted: 0 });
    const first = [
      JSON.stringify({ inputs: { q: "one" }, expectations: { expected_response: "1" } }),
      "{not json",
      JSON.stringify({ inputs: { q: "two" } }),
    ].join("\n");
    const second = [
      JSON.stringify({ inputs: "not an object" }),
      JSON.stringify({ inputs: { q: "kept" }, tags: { from: "file" } }),
      "",
    ].join("\n");
    const r1 = await chunk(p, d.id, imp.id, 0, first, 1);
    expect(await r1.json()).toEqual({
      seq: 0,
      accepted: 2,
      rejected: 1,
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    // Until the commit nothing shows, and other changes wait.
    expect((await recordsAt(p, d.id)).records.map((r) => r.inputs.q)).toEqual(["kept"]);
    await expectError(
      await asUser(p.owner.cookie, dsPath(p, `/${d.id}/records`), {
        method: "POST",
        json: { records: [{ inputs: { q: "x" } }] },
      }),
      409,
      "CONFLICT",
    );
    expect((await chunk(p, d.id, imp.id, 1, second, 4)).status).toBe(200);
    // The same chunk again (a retry): its first result, nothing written twice.
    expect(await (await chunk(p, d.id, imp.id, 1, second, 4)).json()).toEqual({
      seq: 1,
      accepted: 1,
      rejected: 1,
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    const done = await commit(p, d.id, imp.id);
    expect(done).toMatchObject({
      status: "committed",
      version: 2,
      accepted: 3,
      rejected: 2,
      inserted: 2,
      updated: 1,
    });
    expect(done.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(done.errors[0]?.reason).toContain("not JSON");
    expect(done.errors[1]?.reason).toContain("inputs");
    const now = await recordsAt(p, d.id);
    expect(now.records.map((r) => [r.inputs.q, r.source.type])).toEqual([
      ["kept", "human"],
      ["one", "document"],
      ["two", "document"],
    ]);
    expect(now.records[0]?.tags).toEqual({ from: "file" });
    const ds = await getJson<DatasetView>(p.owner.cookie, dsPath(p, `/${d.id}`));
    expect(ds).toMatchObject({ version: 2, recordCount: 3, importing: null });
    await expectError(await chunk(p, d.id, imp.id, 2, first), 409, "CONFLICT");
  });

  it("take CSV by the header convention, refuse columns that map to nothing, and abort cleanly", async () => {
    const p = await traceProject();
    const d = await newDataset(p);
    await expectError(
      await open(p, d.id, { format: "csv", columns: ["question", "answer"] }),
      422,
      "INVALID_INPUT",
    );
    const imp = (await (
      await open(p, d.id, {
        format: "csv",
        columns: ["inputs.question", "inputs.context:json", "expectations.expected_response", "tags.team"],
      })
    ).json()) as ImportView;
    const csv = [
      '"How long,\nexactly?","{""doc"":1}",14 days,billing',
      "Hours?,,9 to 5,",
      'Broken,"{nope",x,y',
    ].join("\n");
    const res = await chunk(p, d.id, imp.id, 0, csv, 2);
    expect(await res.json()).toMatchObject({ accepted: 2, rejected: 1 });
    // A malformed row (a quote closed mid-cell) is reported at its line; the rows before it are kept.
    const broken = ['"Fine",,ok,', '"Bro"ken,,x,', ""].join("\n");
    expect(await (await chunk(p, d.id, imp.id, 1, broken, 6)).json()).toMatchObject({
      accepted: 1,
      rejected: 1,
    });
    const done = await commit(p, d.id, imp.id);
    expect(done.errors.map((e) => [e.line, e.reason.slice(0, 40)])).toEqual([
      [5, 'column "inputs.context:json" does not ho'],
      [7, 'not CSV: Invalid Closing Quote: got "k" '],
    ]);
    const { records } = await recordsAt(p, d.id);
    expect(records.map(strip)).toEqual([
      {
        inputs: { question: "How long,\nexactly?", context: { doc: 1 } },
        expectations: { expected_response: "14 days" },
        outputs: null,
        tags: { team: "billing" },
        source: { type: "document", id: null },
      },
      {
        inputs: { question: "Hours?" },
        expectations: { expected_response: "9 to 5" },
        outputs: null,
        tags: {},
        source: { type: "document", id: null },
      },
      {
        inputs: { question: "Fine" },
        expectations: { expected_response: "ok" },
        outputs: null,
        tags: {},
        source: { type: "document", id: null },
      },
    ]);
    // An aborted session leaves the dataset as it was.
    const again = (await (await open(p, d.id, { format: "jsonl" })).json()) as ImportView;
    await chunk(p, d.id, again.id, 0, JSON.stringify({ inputs: { question: "Hours?" }, outputs: "changed" }));
    expect(
      (await asUser(p.owner.cookie, dsPath(p, `/${d.id}/imports/${again.id}`), { method: "DELETE" })).status,
    ).toBe(204);
    expect((await recordsAt(p, d.id)).records.map(strip)).toEqual(records.map(strip));
    expect((await getJson<DatasetView>(p.owner.cookie, dsPath(p, `/${d.id}`))).version).toBe(1);
  });

  it("take a JSON array (or { records }) per chunk, a row's line being its place in the file", async () => {
    const p = await traceProject();
    const d = await newDataset(p);
    const imp = (await (
      await open(p, d.id, { format: "json", fileName: "cases.json" })
    ).json()) as ImportView;
    const first = JSON.stringify([
      { inputs: { q: "a" } },
      { inputs: {} },
      { inputs: { q: "b" }, outputs: [1, 2] },
    ]);
    expect(await (await chunk(p, d.id, imp.id, 0, first, 1)).json()).toMatchObject({
      accepted: 2,
      rejected: 1,
    });
    const second = JSON.stringify({ records: [{ inputs: { q: "c" }, tags: { t: "x" } }] });
    expect(await (await chunk(p, d.id, imp.id, 1, second, 4)).json()).toMatchObject({
      accepted: 1,
      rejected: 0,
    });
    await expectError(await chunk(p, d.id, imp.id, 2, "[{ broken", 5), 422, "INVALID_INPUT");
    const done = await commit(p, d.id, imp.id);
    expect(done).toMatchObject({ accepted: 3, rejected: 1, version: 1, fileName: "cases.json" });
    expect(done.errors).toEqual([{ line: 2, reason: "inputs: must have at least one key" }]);
    expect((await recordsAt(p, d.id)).records.map((r) => [r.inputs.q, r.outputs, r.source])).toEqual([
      ["a", null, { type: "document", id: "cases.json" }],
      ["b", [1, 2], { type: "document", id: "cases.json" }],
      ["c", null, { type: "document", id: "cases.json" }],
    ]);
  });

  it("abort a session left idle for an hour: its rows go and the dataset takes changes again", async () => {
    const p = await traceProject();
    const d = await newDataset(p);
    await merge(p, d.id, [{ inputs: { q: "a" } }]);
    const imp = (await (await open(p, d.id, { format: "jsonl" })).json()) as ImportView;
    await chunk(p, d.id, imp.id, 0, JSON.stringify({ inputs: { q: "a" }, outputs: "half-sent" }));
    const now = Date.now();
    expect(
      await abortIdleImports(testServices({ clock: { now: () => now + 30 * 60_000 } }), p.owner.orgId),
    ).toBe(0);
    expect(
      await abortIdleImports(
        testServices({ clock: { now: () => now + IMPORT_IDLE_MS + 60_000 } }),
        p.owner.orgId,
      ),
    ).toBe(1);
    const after = await getJson<ImportView>(p.owner.cookie, dsPath(p, `/${d.id}/imports/${imp.id}`));
    expect(after.status).toBe("aborted");
    expect((await recordsAt(p, d.id)).records.map((r) => r.outputs)).toEqual([null]);
    expect(await merge(p, d.id, [{ inputs: { q: "b" } }])).toMatchObject({ version: 2, inserted: 1 });
  });

  it("export any version as JSONL or CSV, and an export imports back as the same records", async () => {
    const p = await traceProject();
    const d = await newDataset(p);
    await merge(p, d.id, [
      {
        inputs: { q: "a", n: 1 },
        expectations: { expected_facts: ["x", "y"] },
        outputs: { answer: "A" },
        tags: { s: "1" },
      },
      { inputs: { q: "b" }, outputs: { answer: "B", score: 2 } },
    ]);
    await merge(p, d.id, [{ inputs: { q: "c" } }]);
    const v1 = await exported(p, d.id, "?version=1&format=jsonl");
    expect(v1.type).toContain("application/x-ndjson");
    expect(v1.disposition).toContain("-v1.jsonl");
    expect(v1.text.trim().split("\n")).toHaveLength(2);
    const csv = await exported(p, d.id, "?format=csv");
    expect(csv.text.split("\n")[0]).toBe(
      "id,inputs.n:json,inputs.q,expectations.expected_facts:json,outputs.answer,outputs.score:json,tags.s",
    );

    for (const format of ["jsonl", "csv"] as const) {
      const text = format === "jsonl" ? (await exported(p, d.id, "?format=jsonl")).text : csv.text;
      const copy = await newDataset(p);
      const [header, ...rows] = text.trimEnd().split("\n");
      const imp = (await (
        await open(p, copy.id, format === "csv" ? { format, columns: header?.split(",") } : { format })
      ).json()) as ImportView;
      const body = format === "csv" ? rows.join("\n") : text;
      expect(await (await chunk(p, copy.id, imp.id, 0, body, 2)).json()).toMatchObject({
        rejected: 0,
        accepted: 3,
      });
      await commit(p, copy.id, imp.id);
      const original = (await recordsAt(p, d.id)).records.map(strip);
      const copied = (await recordsAt(p, copy.id)).records.map(strip);
      // CSV carries no source: its records come from the document.
      expect(copied.map((r) => ({ ...r, source: null }))).toEqual(
        original.map((r) => ({ ...r, source: null })),
      );
      if (format === "jsonl") expect(copied).toEqual(original);
    }
  });

  it("from traces: each trace's inputs, outputs and expectations, as one version with progress", async () => {
    const p = await traceProject();
    const traces = [0, 1, 2].map((i) =>
      buildTrace({ startMs: hoursAgo(1, i * 1000), question: `Question ${i}?`, answer: `Answer ${i}.` }),
    );
    await ingestTraces(p.ingestKey, traces);
    const first = traces[0];
    if (!first) throw new Error("no trace");
    const exp = await asUser(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/traces/${first.traceId}/assessments`,
      {
        method: "POST",
        json: { kind: "expectation", name: "expected_response", value: "Answer 0." },
      },
    );
    expect(exp.status).toBe(201);
    const d = await newDataset(p);
    const started = await asUser(p.owner.cookie, dsPath(p, `/${d.id}/from-traces`), {
      method: "POST",
      json: { traceIds: [...traces.map((t) => t.traceId), "f".repeat(32)] },
    });
    expect(started.status).toBe(202);
    const imp = (await started.json()) as ImportView;
    expect(imp).toMatchObject({ format: "traces", total: 4, status: "open" });
    const done = await eventually(
      async () => {
        const v = await getJson<ImportView>(p.owner.cookie, dsPath(p, `/${d.id}/imports/${imp.id}`));
        return v.status === "committed" ? v : undefined;
      },
      { what: "the from-traces import to commit" },
    );
    expect(done).toMatchObject({ accepted: 3, rejected: 1, version: 1 });
    expect(done.errors[0]?.reason).toContain("not found");
    const { records } = await recordsAt(p, d.id);
    const byTrace = new Map(records.map((r) => [r.source.id, r]));
    expect(byTrace.get(first.traceId)?.expectations).toEqual({ expected_response: "Answer 0." });
    expect(records.every((r) => r.source.type === "trace")).toBe(true);
    expect(JSON.stringify(byTrace.get(first.traceId)?.inputs)).toContain("Question 0?");
    expect(JSON.stringify(byTrace.get(first.traceId)?.outputs)).toContain("Answer 0.");

    // By filter: every trace of the project, merged into the same records (unchanged).
    const byFilter = (await (
      await asUser(p.owner.cookie, dsPath(p, `/${d.id}/from-traces`), {
        method: "POST",
        json: { filter: {} },
      })
    ).json()) as ImportView;
    const second = await eventually(
      async () => {
        const v = await getJson<ImportView>(p.owner.cookie, dsPath(p, `/${d.id}/imports/${byFilter.id}`));
        return v.status === "committed" ? v : undefined;
      },
      { what: "the filtered import to commit" },
    );
    expect(second).toMatchObject({ accepted: 3, unchanged: 3, version: 1 });
  });
});
