/**
 * Datasets at scale (issue 14): BENCH_DATASET_RECORDS (default 100,000) JSONL records of about
 * 1 KB (a support question with its context, an expected response and facts, tags) imported
 * through the API as one import session of 1,000-record chunks, against the ceiling: the same
 * rows inserted straight into libSQL (the same table, its indexes, multi-row inserts of the same
 * size, the same concurrency) in the same run. Then, on that dataset: the database time of a
 * version after a one-record change (the edit's Server-Timing), page 1 and page 500 of the
 * records table, and a whole export.
 */
import { createHash, randomUUID } from "node:crypto";
import { createClient } from "@libsql/client";
import { latencyRows, round, runConcurrently, startBenchStack } from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const RECORDS = Number(process.env.BENCH_DATASET_RECORDS ?? 100_000);
const CHUNK = 1_000;
const CONCURRENCY = 2;
const SUITE = "datasets";

const words =
  "refund order delivery invoice account password billing plan upgrade warranty return address".split(" ");
const text = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => words[(seed * 7 + i * 13) % words.length]).join(" ");

function record(i: number) {
  return {
    inputs: {
      question: `Case ${i}: ${text(30, i)}?`,
      context: text(60, i + 1),
      customer_id: `cus_${i.toString(36).padStart(8, "0")}`,
    },
    expectations: {
      expected_response: `For case ${i}, ${text(40, i + 2)}.`,
      expected_facts: [text(6, i + 3), text(6, i + 4), text(6, i + 5)],
    },
    tags: { split: i % 10 === 0 ? "test" : "train", team: words[i % words.length] ?? "x" },
  };
}

export const datasetsSuite: BenchSuite = {
  name: SUITE,
  description: `${RECORDS} records imported, versioned, paged and exported`,
  async run(): Promise<BenchRow[]> {
    const bench = await startBenchStack(SUITE);
    try {
      const api = async (path: string, init: { method?: string; json?: unknown; text?: string } = {}) => {
        const res = await fetch(`${bench.stack.url}/api/v1/projects/${bench.projectId}${path}`, {
          method: init.method ?? "GET",
          headers: {
            cookie: bench.cookie,
            origin: bench.stack.url,
            "content-type": init.text !== undefined ? "text/plain" : "application/json",
          },
          ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
          ...(init.text !== undefined ? { body: init.text } : {}),
        });
        if (!res.ok)
          throw new Error(`${init.method ?? "GET"} ${path} answered ${res.status}: ${await res.text()}`);
        return res;
      };
      const lines = Array.from({ length: RECORDS }, (_, i) => JSON.stringify(record(i)));
      const chunks = Array.from({ length: Math.ceil(RECORDS / CHUNK) }, (_, c) => c);

      // The ceiling first (the database is emptiest for whichever goes first; the import is then
      // measured on a table already holding the ceiling's rows, the harder case).
      const ceilingDataset = (await (
        await api("/datasets", { method: "POST", json: { name: "ceiling" } })
      ).json()) as {
        id: string;
      };
      const db = createClient({ url: bench.stack.dbUrl, intMode: "number" });
      const columns =
        "dataset_id, record_id, from_version, to_version, inputs_hash, inputs, expectations, outputs, tags, source_type, source_id, created_by, created_at, updated_by, updated_at";
      const ceilingStarted = performance.now();
      await runConcurrently(chunks, CONCURRENCY, async (c) => {
        const rows = lines.slice(c * CHUNK, (c + 1) * CHUNK).map((line) => {
          const r = JSON.parse(line) as ReturnType<typeof record>;
          const inputs = JSON.stringify(r.inputs);
          return [
            ceilingDataset.id,
            `dsr_${randomUUID()}`,
            1,
            null,
            createHash("sha256").update(inputs).digest("hex"),
            inputs,
            JSON.stringify(r.expectations),
            null,
            JSON.stringify(r.tags),
            "document",
            null,
            "user:bench",
            Date.now(),
            "user:bench",
            Date.now(),
          ];
        });
        const statements = [];
        for (let i = 0; i < rows.length; i += 200) {
          const part = rows.slice(i, i + 200);
          statements.push({
            sql: `insert into dataset_records (${columns}) values ${part.map(() => `(${Array(15).fill("?").join(",")})`).join(",")}`,
            args: part.flat() as (string | number | null)[],
          });
        }
        await db.batch(statements, "write");
      });
      const ceilingSeconds = (performance.now() - ceilingStarted) / 1000;
      db.close();

      const dataset = (await (
        await api("/datasets", { method: "POST", json: { name: "golden" } })
      ).json()) as {
        id: string;
      };
      const importStarted = performance.now();
      const session = (await (
        await api(`/datasets/${dataset.id}/imports`, {
          method: "POST",
          json: { format: "jsonl", fileName: "golden.jsonl" },
        })
      ).json()) as { id: string };
      await runConcurrently(chunks, CONCURRENCY, async (c) => {
        const res = await api(
          `/datasets/${dataset.id}/imports/${session.id}/chunks/${c}?firstLine=${c * CHUNK + 1}`,
          {
            method: "PUT",
            text: lines.slice(c * CHUNK, (c + 1) * CHUNK).join("\n"),
          },
        );
        const result = (await res.json()) as { accepted: number };
        if (result.accepted !== Math.min(CHUNK, RECORDS - c * CHUNK))
          throw new Error(`chunk ${c}: ${JSON.stringify(result)}`);
      });
      const committed = (await (
        await api(`/datasets/${dataset.id}/imports/${session.id}/commit`, { method: "POST", json: {} })
      ).json()) as { inserted: number; version: number };
      const importSeconds = (performance.now() - importStarted) / 1000;
      if (committed.inserted !== RECORDS) throw new Error(`the import inserted ${committed.inserted}`);

      const page = (n: number) =>
        api(`/datasets/${dataset.id}/records?limit=50&page=${n}`).then((r) => r.json());
      await page(1);
      const firstPage = await runConcurrently(
        Array.from({ length: 30 }, () => 1),
        1,
        async () => void (await page(1)),
      );
      const deepPage = Math.min(500, Math.ceil(RECORDS / 50));
      const page500 = await runConcurrently(
        Array.from({ length: 30 }, () => deepPage),
        1,
        async (n) => void (await page(n)),
      );

      const { records } = (await page(Math.ceil(deepPage / 2))) as { records: { id: string }[] };
      const dbTimes: number[] = [];
      const editTimes = await runConcurrently(
        Array.from({ length: 20 }, (_, i) => i),
        1,
        async (i) => {
          const target = records[i % records.length];
          const res = await api(`/datasets/${dataset.id}/records/${target?.id}`, {
            method: "PATCH",
            json: { expectations: { expected_response: `edited ${i}` } },
          });
          const timing = /db;dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "");
          if (!timing?.[1]) throw new Error("the edit answered no db Server-Timing");
          dbTimes.push(Number(timing[1]));
          await res.json();
        },
      );
      dbTimes.sort((a, b) => a - b);

      const exportStarted = performance.now();
      const exported = await (await api(`/datasets/${dataset.id}/export?format=jsonl`)).text();
      const exportSeconds = (performance.now() - exportStarted) / 1000;
      const exportedLines = exported.trimEnd().split("\n").length;
      if (exportedLines !== RECORDS) throw new Error(`the export has ${exportedLines} records`);

      const importRate = RECORDS / importSeconds;
      const ceilingRate = RECORDS / ceilingSeconds;
      return [
        {
          suite: SUITE,
          metric: `import of ${RECORDS} JSONL records (~1 KB), through the API`,
          value: round(importRate),
          unit: "records/s",
        },
        {
          suite: SUITE,
          metric: "ceiling: the same rows straight into libSQL",
          value: round(ceilingRate),
          unit: "records/s",
        },
        {
          suite: SUITE,
          metric: "import / ceiling",
          value: round((100 * importRate) / ceilingRate),
          unit: "%",
          goal: ">= 50 %",
        },
        ...latencyRows(SUITE, "version after a one-record change: database time", dbTimes, "<= 50 ms"),
        ...latencyRows(SUITE, "version after a one-record change: request", editTimes),
        ...latencyRows(SUITE, "records page 1 (50 rows)", firstPage, "<= 50 ms"),
        ...latencyRows(SUITE, `records page ${deepPage} (50 rows)`, page500, "<= 50 ms"),
        {
          suite: SUITE,
          metric: "export, whole dataset (JSONL)",
          value: round(RECORDS / exportSeconds),
          unit: "records/s",
        },
      ];
    } finally {
      await bench.stop();
    }
  },
};
