import { and, asc, eq, gt, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { promptAliases, promptAliasMoves, prompts, promptVersions, tracePrompts } from "../../schema";
import { actorRef, auditData, type ProjectContext, type ProjectScope } from "../auth/context";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { isoTime } from "../lib/time";
import type { PromptInput, PromptListQuery, PromptPatch, PromptView } from "./schemas";
import { extractVariables } from "./template";

export type PromptRow = typeof prompts.$inferSelect;
export type VersionRow = typeof promptVersions.$inferSelect;

/** One of the project's prompts by name, or 404. */
export async function getPromptInProject(ctx: ProjectScope, name: string): Promise<PromptRow> {
  const [row] = await ctx.db
    .select()
    .from(prompts)
    .where(and(eq(prompts.projectId, ctx.project.id), eq(prompts.name, name)))
    .limit(1);
  if (!row) throw new ApiError("NOT_FOUND", `Prompt "${name}" was not found.`);
  return row;
}

/** The aliases of these prompts, by prompt id, each list by alias name. */
export async function aliasesOf(
  ctx: ProjectScope,
  promptIds: string[],
): Promise<Map<string, { alias: string; version: number }[]>> {
  const out = new Map<string, { alias: string; version: number }[]>();
  if (promptIds.length === 0) return out;
  const rows = await ctx.db
    .select({ promptId: promptAliases.promptId, alias: promptAliases.alias, version: promptAliases.version })
    .from(promptAliases)
    .where(and(eq(promptAliases.projectId, ctx.project.id), inArray(promptAliases.promptId, promptIds)))
    .orderBy(asc(promptAliases.alias));
  for (const r of rows) out.set(r.promptId, [...(out.get(r.promptId) ?? []), r]);
  return out;
}

export function promptView(row: PromptRow, aliases: { alias: string; version: number }[]): PromptView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: row.tags,
    archived: row.archivedAt !== null,
    latestVersion: row.latestVersion,
    aliases: aliases.map(({ alias, version }) => ({ alias, version })),
    lastUsedAt: row.lastUsedAt === null ? null : isoTime(row.lastUsedAt),
    createdBy: row.createdByLabel,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}

/** A version row for `prompt`, numbered `version`, from a version's input. */
export function versionRow(
  ctx: ProjectContext,
  prompt: { id: string },
  version: number,
  input: Pick<PromptInput, "template" | "responseFormat" | "modelConfig" | "message">,
): VersionRow {
  return {
    promptId: prompt.id,
    version,
    projectId: ctx.project.id,
    kind: typeof input.template === "string" ? "text" : "chat",
    template: input.template,
    variables: extractVariables(input.template),
    responseFormat: input.responseFormat ?? null,
    modelConfig: input.modelConfig ?? null,
    message: input.message ?? "",
    createdBy: actorRef(ctx),
    createdByLabel: ctx.actor.label,
    createdAt: ctx.services.clock.now(),
  };
}

/** A new prompt with its version 1. */
export async function createPrompt({ ctx, input }: { ctx: ProjectContext; input: PromptInput }) {
  const now = ctx.services.clock.now();
  const row: PromptRow = {
    id: ctx.services.ids("prompt"),
    orgId: ctx.org.id,
    projectId: ctx.project.id,
    name: input.name,
    description: input.description ?? "",
    tags: [...new Set(input.tags ?? [])],
    latestVersion: 1,
    archivedAt: null,
    lastUsedAt: null,
    createdBy: actorRef(ctx),
    createdByLabel: ctx.actor.label,
    createdAt: now,
    updatedBy: actorRef(ctx),
    updatedAt: now,
  };
  try {
    await ctx.db.batch([
      ctx.db.insert(prompts).values(row),
      ctx.db.insert(promptVersions).values(versionRow(ctx, row, 1, input)),
      auditData(ctx, "prompt.created", { type: "prompt", id: row.id, label: row.name }, { version: 1 }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ApiError(
        "CONFLICT",
        `The project already has a prompt named "${input.name}"; choose another name.`,
      );
    throw err;
  }
  return promptView(row, []);
}

export async function getPrompt({ ctx, input }: { ctx: ProjectContext; input: { promptName: string } }) {
  const row = await getPromptInProject(ctx, input.promptName);
  return promptView(row, (await aliasesOf(ctx, [row.id])).get(row.id) ?? []);
}

const listCursor = z.object({ name: z.string() });

/**
 * The project's prompts by name: `search` in the name, `tag`, `text` in the latest version's
 * template; archived ones only with `archived=true`. Paged by name (unique in the project).
 */
export async function listPrompts({ ctx, input }: { ctx: ProjectContext; input: PromptListQuery }) {
  const limit = input.limit ?? 50;
  const after = decodeCursor(listCursor, input.cursor);
  const where: (SQL | undefined)[] = [eq(prompts.projectId, ctx.project.id)];
  if (input.archived !== "true") where.push(isNull(prompts.archivedAt));
  if (input.search) where.push(sql`instr(lower(${prompts.name}), ${input.search.toLowerCase()}) > 0`);
  if (input.tag)
    where.push(sql`exists (select 1 from json_each(${prompts.tags}) where value = ${input.tag})`);
  if (input.text)
    where.push(sql`exists (select 1 from ${promptVersions} v where v.prompt_id = ${prompts.id}
      and v.version = ${prompts.latestVersion} and instr(lower(v.template), ${input.text.toLowerCase()}) > 0)`);
  if (after) where.push(gt(prompts.name, after.name));
  const rows = await ctx.db
    .select()
    .from(prompts)
    .where(and(...where))
    .orderBy(asc(prompts.name))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const aliases = await aliasesOf(
    ctx,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return {
    prompts: page.map((r) => promptView(r, aliases.get(r.id) ?? [])),
    nextCursor: rows.length > limit && last ? encodeCursor({ name: last.name }) : null,
  };
}

/** Describes, tags or archives a prompt (archived: hidden from the list, still resolvable); audited. */
export async function updatePrompt({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { promptName: string; patch: PromptPatch };
}) {
  const row = await getPromptInProject(ctx, input.promptName);
  const now = ctx.services.clock.now();
  const { archived, ...rest } = input.patch;
  const changes: Partial<PromptRow> = {
    ...(rest.description !== undefined ? { description: rest.description } : {}),
    ...(rest.tags !== undefined ? { tags: [...new Set(rest.tags)] } : {}),
    ...(archived !== undefined ? { archivedAt: archived ? (row.archivedAt ?? now) : null } : {}),
    updatedBy: actorRef(ctx),
    updatedAt: now,
  };
  const action =
    archived === undefined ? "prompt.updated" : archived ? "prompt.archived" : "prompt.unarchived";
  await ctx.db.batch([
    ctx.db.update(prompts).set(changes).where(eq(prompts.id, row.id)),
    auditData(ctx, action, { type: "prompt", id: row.id, label: row.name }, { ...input.patch }),
  ]);
  return promptView({ ...row, ...changes }, (await aliasesOf(ctx, [row.id])).get(row.id) ?? []);
}

/**
 * Deletes a prompt with its versions, alias history and trace links; audited. Refused while an
 * alias points at it (apps fetching it would break): delete the aliases first.
 */
export async function deletePrompt({ ctx, input }: { ctx: ProjectContext; input: { promptName: string } }) {
  const row = await getPromptInProject(ctx, input.promptName);
  const aliases = (await aliasesOf(ctx, [row.id])).get(row.id) ?? [];
  if (aliases.length > 0)
    throw new ApiError(
      "CONFLICT",
      `Prompt "${row.name}" still has aliases (${aliases.map((a) => a.alias).join(", ")}); delete them first.`,
    );
  // The prompt row goes only while it has no alias (one set meanwhile keeps it), and the rest only
  // once the prompt row is gone, so the batch never leaves an alias without its versions.
  const gone = sql`not exists (select 1 from ${prompts} where ${prompts.id} = ${row.id})`;
  const [deleted] = await ctx.db.batch([
    ctx.db
      .delete(prompts)
      .where(
        and(
          eq(prompts.id, row.id),
          sql`not exists (select 1 from ${promptAliases} where ${promptAliases.promptId} = ${row.id})`,
        ),
      ),
    ctx.db.delete(promptVersions).where(and(eq(promptVersions.promptId, row.id), gone)),
    ctx.db.delete(promptAliasMoves).where(and(eq(promptAliasMoves.promptId, row.id), gone)),
    ctx.db
      .delete(tracePrompts)
      .where(and(eq(tracePrompts.projectId, ctx.project.id), eq(tracePrompts.promptId, row.id), gone)),
    auditData(
      ctx,
      "prompt.deleted",
      { type: "prompt", id: row.id, label: row.name },
      { latestVersion: row.latestVersion },
    ),
  ]);
  if (deleted.rowsAffected === 0)
    throw new ApiError("CONFLICT", `An alias was set on prompt "${row.name}" meanwhile; delete it first.`);
}
