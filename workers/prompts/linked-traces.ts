import { z } from "@hono/zod-openapi";
import type { ProjectContext } from "../auth/context";
import { listTraces } from "../traces/list";
import { tracePageFields } from "../traces/schemas";
import { getPromptInProject } from "./service";
import { getVersionRow } from "./versions";

/** Sort, page and feedback columns, as the trace list takes them. */
export const VersionTracesQuery = z.object(tracePageFields);
type PageQuery = z.infer<typeof VersionTracesQuery>;

/** The traces linked to one version of a prompt: the trace list filtered by `prompt=name/version`. */
export async function versionTraces({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { promptName: string; version: number; page: PageQuery };
}) {
  const prompt = await getPromptInProject(ctx, input.promptName);
  await getVersionRow(ctx, prompt, input.version);
  const { feedbackColumns, ...page } = input.page;
  return listTraces({
    ctx,
    input: {
      ...page,
      cursor: page.cursor,
      filter: { prompt: { name: prompt.name, version: input.version } },
      feedbackColumns,
    },
  });
}
