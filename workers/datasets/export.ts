import { stringify } from "csv-stringify/sync";
import { and, asc, gt, type SQL, sql } from "drizzle-orm";
import { datasetRecords } from "../../schema";
import type { ProjectScope } from "../auth/context";
import type { DatasetRow } from "./changes";
import { recordView, statesAt } from "./record-service";
import type { RecordView } from "./schemas";

/**
 * Streams a version of a dataset as JSONL or CSV, a page of rows at a time (keyset by record id),
 * so the whole dataset is never in memory. CSV columns follow the import's header convention
 * (`inputs.<key>`, `:json` where a column holds other than strings), read from the version first.
 */
const PAGE = 500;

type CsvColumn = { name: string; cell: (r: RecordView) => unknown; json: boolean };

async function csvColumns(ctx: ProjectScope, where: SQL): Promise<CsvColumn[]> {
  const keysOf = (field: "inputs" | "expectations" | "tags") =>
    sql`select ${field} as field, j.key as key, max(j.type <> 'text') as json from dataset_records, json_each(dataset_records.${sql.raw(field)}) j where ${where} group by j.key`;
  const rows = (await ctx.db.all(
    sql`${keysOf("inputs")} union all ${keysOf("expectations")} union all ${keysOf("tags")}`,
  )) as { field: string; key: string; json: number }[];
  const [outputs] = (await ctx.db.all(
    sql`select count(*) as n, sum(json_type(outputs) = 'object') as objects, sum(json_type(outputs) <> 'text') as json from dataset_records where ${where} and outputs is not null`,
  )) as { n: number; objects: number | null; json: number | null }[];
  const order = ["inputs", "expectations", "outputs", "tags"];
  const columns: CsvColumn[] = [{ name: "id", cell: (r) => r.id, json: false }];
  const keyed = rows.map((r) => ({
    field: r.field as "inputs" | "expectations" | "tags",
    key: r.key,
    json: r.json === 1,
  }));
  const outputKeys =
    outputs && outputs.n > 0 && outputs.objects === outputs.n
      ? ((await ctx.db.all(
          sql`select j.key as key, max(j.type <> 'text') as json from dataset_records, json_each(dataset_records.outputs) j where ${where} and dataset_records.outputs is not null group by j.key`,
        )) as { key: string; json: number }[])
      : null;
  for (const field of order) {
    if (field === "outputs") {
      if (!outputs || outputs.n === 0) continue;
      if (outputKeys)
        for (const k of outputKeys)
          columns.push({
            name: `outputs.${k.key}${k.json === 1 ? ":json" : ""}`,
            cell: (r) => (r.outputs as Record<string, unknown>)?.[k.key],
            json: k.json === 1,
          });
      else {
        const json = (outputs.json ?? 0) > 0;
        columns.push({ name: `outputs${json ? ":json" : ""}`, cell: (r) => r.outputs ?? undefined, json });
      }
      continue;
    }
    for (const k of keyed.filter((c) => c.field === field))
      columns.push({
        name: `${field}.${k.key}${k.json ? ":json" : ""}`,
        cell: (r) => (r[k.field] as Record<string, unknown>)[k.key],
        json: k.json,
      });
  }
  return columns;
}

export function exportStream(
  ctx: ProjectScope,
  dataset: DatasetRow,
  version: number,
  format: "jsonl" | "csv",
) {
  const where = statesAt(dataset, version);
  const encoder = new TextEncoder();
  let after: string | null = null;
  let columns: CsvColumn[] | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (format === "csv" && columns === null) {
        columns = await csvColumns(ctx, where);
        controller.enqueue(encoder.encode(stringify([columns.map((c) => c.name)])));
      }
      const rows = await ctx.db
        .select()
        .from(datasetRecords)
        .where(after === null ? where : and(where, gt(datasetRecords.recordId, after)))
        .orderBy(asc(datasetRecords.recordId))
        .limit(PAGE);
      const views = rows.map(recordView);
      if (format === "jsonl")
        controller.enqueue(
          encoder.encode(
            views
              .map(
                (r) =>
                  `${JSON.stringify({ id: r.id, inputs: r.inputs, expectations: r.expectations, outputs: r.outputs, tags: r.tags, source: r.source })}\n`,
              )
              .join(""),
          ),
        );
      else if (views.length > 0) {
        const cols = columns ?? [];
        const cells = views.map((r) =>
          cols.map((c) => {
            const v = c.cell(r);
            if (v === undefined || v === null) return "";
            return c.json ? JSON.stringify(v) : String(v);
          }),
        );
        controller.enqueue(encoder.encode(stringify(cells)));
      }
      const last = rows.at(-1);
      if (rows.length < PAGE || !last) controller.close();
      else after = last.recordId;
    },
  });
}
