import type { ProjectContext } from "../auth/context";
import { DB_TIMEOUT_MS } from "../lib/db";
import { createServices } from "../lib/services";
import { exportStream } from "./export";
import { versionToRead } from "./record-service";
import { getDatasetInProject } from "./service";

export async function exportDataset({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; version?: number | undefined; format: "jsonl" | "csv" };
}) {
  const dataset = await getDatasetInProject(ctx, input.datasetId);
  const version = versionToRead(dataset, input.version);
  const slug = dataset.name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || dataset.id;
  // A stream outlives its request's time for the database: each page gets a read's own bound instead.
  const streaming = createServices(ctx.services.env, { dbWait: { timeoutMs: DB_TIMEOUT_MS.read } });
  return {
    stream: exportStream({ ...ctx, db: streaming.orgDb(ctx.org.id) }, dataset, version, input.format),
    fileName: `${slug}-v${version}.${input.format}`,
    contentType: input.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
  };
}
