import type { ProjectContext } from "../auth/context";
import { fromTracesJob } from "./from-traces";
import { abortImport, importView, openImport } from "./imports";
import type { FromTracesInput } from "./schemas";
import { getDatasetInProject } from "./service";

/** Opens a from-traces import and queues its first job; the jobs write it and commit it. */
export async function startFromTraces({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; body: FromTracesInput };
}) {
  const dataset = await getDatasetInProject(ctx, input.datasetId);
  const body = input.body;
  const row = await openImport(ctx, dataset, {
    format: "traces",
    columns: null,
    ...("traceIds" in body ? { total: body.traceIds.length } : {}),
  });
  try {
    await ctx.services.jobs.enqueue(fromTracesJob, {
      orgId: ctx.org.id,
      projectId: ctx.project.id,
      datasetId: dataset.id,
      importId: row.id,
      seq: 0,
      cursor: null,
      ...("traceIds" in body
        ? { traceIds: body.traceIds, limit: body.traceIds.length }
        : { filter: body.filter, limit: body.limit }),
    });
  } catch (err) {
    await abortImport(ctx, row);
    throw err;
  }
  return importView(ctx, row);
}
