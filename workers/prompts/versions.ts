import { and, desc, eq } from "drizzle-orm";
import { prompts, promptVersions } from "../../schema";
import { auditData, type ProjectContext, type ProjectScope } from "../auth/context";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { isoTime } from "../lib/time";
import type { PromptVersionView, VersionInput } from "./schemas";
import { aliasesOf, getPromptInProject, type PromptRow, type VersionRow, versionRow } from "./service";
import { renderTemplate, type Template } from "./template";

export function versionView(prompt: PromptRow, v: VersionRow, aliases: string[]): PromptVersionView {
  return {
    name: prompt.name,
    version: v.version,
    kind: v.kind === "chat" ? "chat" : "text",
    template: v.template as Template,
    variables: v.variables,
    responseFormat: (v.responseFormat as Record<string, unknown> | null) ?? null,
    modelConfig: (v.modelConfig as Record<string, unknown> | null) ?? null,
    message: v.message,
    aliases: [...aliases, ...(v.version === prompt.latestVersion ? ["latest"] : [])],
    createdBy: v.createdByLabel,
    createdAt: isoTime(v.createdAt),
  };
}

/** The aliases pointing at `version` of `prompt` (stored ones; `latest` is added by versionView). */
export async function aliasesAt(ctx: ProjectScope, prompt: PromptRow, version: number): Promise<string[]> {
  const all = (await aliasesOf(ctx, [prompt.id])).get(prompt.id) ?? [];
  return all.filter((a) => a.version === version).map((a) => a.alias);
}

/** One version of a prompt, or 404 naming the versions there are. */
export async function getVersionRow(
  ctx: ProjectScope,
  prompt: PromptRow,
  version: number,
): Promise<VersionRow> {
  const [row] = await ctx.db
    .select()
    .from(promptVersions)
    .where(and(eq(promptVersions.promptId, prompt.id), eq(promptVersions.version, version)))
    .limit(1);
  if (!row)
    throw new ApiError(
      "NOT_FOUND",
      `Prompt "${prompt.name}" has no version ${version}; its versions are 1 to ${prompt.latestVersion}.`,
    );
  return row;
}

export async function getPromptVersion({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { promptName: string; version: number };
}) {
  const prompt = await getPromptInProject(ctx, input.promptName);
  const row = await getVersionRow(ctx, prompt, input.version);
  return versionView(prompt, row, await aliasesAt(ctx, prompt, row.version));
}

/** A prompt's versions, newest first, each with the aliases pointing at it. */
export async function listPromptVersions({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { promptName: string };
}) {
  const prompt = await getPromptInProject(ctx, input.promptName);
  const rows = await ctx.db
    .select()
    .from(promptVersions)
    .where(eq(promptVersions.promptId, prompt.id))
    .orderBy(desc(promptVersions.version));
  const aliases = (await aliasesOf(ctx, [prompt.id])).get(prompt.id) ?? [];
  return {
    versions: rows.map((v) =>
      versionView(
        prompt,
        v,
        aliases.filter((a) => a.version === v.version).map((a) => a.alias),
      ),
    ),
  };
}

/**
 * Saves a new version (the next number); earlier versions never change. Two saves at once make
 * one version and one 409: the (prompt, version) key refuses the second insert.
 */
export async function createPromptVersion({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { promptName: string; version: VersionInput };
}) {
  const prompt = await getPromptInProject(ctx, input.promptName);
  const next = prompt.latestVersion + 1;
  const row = versionRow(ctx, prompt, next, input.version);
  try {
    await ctx.db.batch([
      ctx.db.insert(promptVersions).values(row),
      ctx.db
        .update(prompts)
        .set({ latestVersion: next, updatedAt: row.createdAt, updatedBy: row.createdBy })
        .where(and(eq(prompts.id, prompt.id), eq(prompts.latestVersion, prompt.latestVersion))),
      auditData(
        ctx,
        "prompt.version_created",
        { type: "prompt", id: prompt.id, label: prompt.name },
        { version: next },
      ),
    ]);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ApiError(
        "CONFLICT",
        "Someone saved a new version of this prompt meanwhile; reload it and save again.",
      );
    throw err;
  }
  return versionView({ ...prompt, latestVersion: next }, row, []);
}

/** Fills a version's variables: 422 naming the missing ones; unknown ones are reported. */
export async function renderPromptVersion({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { promptName: string; version: number; variables: Record<string, unknown> };
}) {
  const prompt = await getPromptInProject(ctx, input.promptName);
  const row = await getVersionRow(ctx, prompt, input.version);
  const result = renderTemplate(row.template as Template, input.variables);
  if ("missing" in result)
    throw new ApiError(
      "INVALID_INPUT",
      `Missing variable${result.missing.length > 1 ? "s" : ""} ${result.missing.map((m) => `"${m}"`).join(", ")} ` +
        `for prompt "${prompt.name}" version ${row.version}.`,
    );
  return result.rendered;
}
