import { type ProjectContext, streamingScope } from "../auth/context";
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
  return {
    stream: exportStream(streamingScope(ctx), dataset, version, input.format),
    fileName: `${slug}-v${version}.${input.format}`,
    contentType: input.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
  };
}
