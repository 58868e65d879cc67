import { and, desc, eq } from "drizzle-orm";
import { promptAliases, promptAliasMoves } from "../../schema";
import { actorRef, auditData, type ProjectContext, type ProjectScope } from "../auth/context";
import { ApiError } from "../lib/errors";
import { isoTime } from "../lib/time";
import type { AliasView } from "./schemas";
import { aliasesOf, getPromptInProject, type PromptRow } from "./service";

/** Computed from the prompt's newest version; never stored, never set. */
export const LATEST = "latest";

const reserved = () =>
  new ApiError(
    "INVALID_INPUT",
    `"${LATEST}" is reserved: it always names the newest version and cannot be set.`,
  );

async function currentAlias(ctx: ProjectScope, prompt: PromptRow, alias: string) {
  const [row] = await ctx.db
    .select()
    .from(promptAliases)
    .where(and(eq(promptAliases.promptId, prompt.id), eq(promptAliases.alias, alias)))
    .limit(1);
  return row ?? null;
}

/** 404 naming the alias asked for and the aliases the prompt has. */
export async function unknownAlias(ctx: ProjectScope, prompt: PromptRow, alias: string): Promise<ApiError> {
  const names = ((await aliasesOf(ctx, [prompt.id])).get(prompt.id) ?? []).map((a) => a.alias);
  return new ApiError(
    "NOT_FOUND",
    `Prompt "${prompt.name}" has no alias "${alias}"; its aliases are: ${[...names, LATEST].join(", ")}.`,
  );
}

/** An alias with every set, move and delete of it (newest first); `latest` is answered computed. */
export async function getAlias({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { promptName: string; alias: string };
}) {
  const prompt = await getPromptInProject(ctx, input.promptName);
  if (input.alias === LATEST)
    return { alias: LATEST, version: prompt.latestVersion, updatedBy: null, updatedAt: null, history: [] };
  const [row, moves] = await Promise.all([
    currentAlias(ctx, prompt, input.alias),
    ctx.db
      .select()
      .from(promptAliasMoves)
      .where(and(eq(promptAliasMoves.promptId, prompt.id), eq(promptAliasMoves.alias, input.alias)))
      .orderBy(desc(promptAliasMoves.movedAt), desc(promptAliasMoves.id))
      .limit(500),
  ]);
  if (!row && moves.length === 0) throw await unknownAlias(ctx, prompt, input.alias);
  const view: AliasView = {
    alias: input.alias,
    version: row?.version ?? null,
    updatedBy: row?.updatedByLabel ?? null,
    updatedAt: row ? isoTime(row.updatedAt) : null,
    history: moves.map((m) => ({
      fromVersion: m.fromVersion,
      toVersion: m.toVersion,
      movedBy: m.movedByLabel,
      movedAt: isoTime(m.movedAt),
    })),
  };
  return view;
}

/** Points an alias at a version (set or move), recording the move; audited. Same version: nothing changes. */
export async function setAlias({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { promptName: string; alias: string; version: number };
}) {
  if (input.alias === LATEST) throw reserved();
  const prompt = await getPromptInProject(ctx, input.promptName);
  if (input.version > prompt.latestVersion)
    throw new ApiError(
      "INVALID_INPUT",
      `Prompt "${prompt.name}" has no version ${input.version}; its versions are 1 to ${prompt.latestVersion}.`,
    );
  const current = await currentAlias(ctx, prompt, input.alias);
  if (current?.version !== input.version) {
    const now = ctx.services.clock.now();
    const by = { ref: actorRef(ctx), label: ctx.actor.label };
    await ctx.db.batch([
      ctx.db
        .insert(promptAliases)
        .values({
          promptId: prompt.id,
          alias: input.alias,
          projectId: ctx.project.id,
          version: input.version,
          updatedBy: by.ref,
          updatedByLabel: by.label,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [promptAliases.promptId, promptAliases.alias],
          set: { version: input.version, updatedBy: by.ref, updatedByLabel: by.label, updatedAt: now },
        }),
      ctx.db.insert(promptAliasMoves).values({
        id: ctx.services.ids("promptAliasMove"),
        promptId: prompt.id,
        projectId: ctx.project.id,
        alias: input.alias,
        fromVersion: current?.version ?? null,
        toVersion: input.version,
        movedBy: by.ref,
        movedByLabel: by.label,
        movedAt: now,
      }),
      auditData(
        ctx,
        "prompt.alias_moved",
        { type: "prompt", id: prompt.id, label: `${prompt.name}@${input.alias}` },
        { alias: input.alias, from: current?.version ?? null, to: input.version },
      ),
    ]);
  }
  return getAlias({ ctx, input });
}

/** Deletes an alias, recording it in the alias' history; audited. */
export async function deleteAlias({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { promptName: string; alias: string };
}) {
  if (input.alias === LATEST) throw reserved();
  const prompt = await getPromptInProject(ctx, input.promptName);
  const current = await currentAlias(ctx, prompt, input.alias);
  if (!current) throw await unknownAlias(ctx, prompt, input.alias);
  const now = ctx.services.clock.now();
  await ctx.db.batch([
    ctx.db
      .delete(promptAliases)
      .where(and(eq(promptAliases.promptId, prompt.id), eq(promptAliases.alias, input.alias))),
    ctx.db.insert(promptAliasMoves).values({
      id: ctx.services.ids("promptAliasMove"),
      promptId: prompt.id,
      projectId: ctx.project.id,
      alias: input.alias,
      fromVersion: current.version,
      toVersion: null,
      movedBy: actorRef(ctx),
      movedByLabel: ctx.actor.label,
      movedAt: now,
    }),
    auditData(
      ctx,
      "prompt.alias_deleted",
      { type: "prompt", id: prompt.id, label: `${prompt.name}@${input.alias}` },
      { alias: input.alias, from: current.version },
    ),
  ]);
}
