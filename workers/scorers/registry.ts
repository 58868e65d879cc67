import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { scorers, scorerVersions } from "../../schema";
import { actorRef, auditData, type ProjectContext, type ProjectScope } from "../auth/context";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { ScorerDefinition } from "./definitions";
import type { ScorerInput, ScorerPatch, ScorerVersionView, ScorerView, VersionInput } from "./schemas";

type ScorerRow = typeof scorers.$inferSelect;
type VersionRow = typeof scorerVersions.$inferSelect;

const by = actorRef;

function versionView(v: VersionRow): ScorerVersionView {
  return {
    id: v.id,
    version: v.version,
    definition: v.definition as ScorerDefinition,
    message: v.message,
    createdAt: new Date(v.createdAt).toISOString(),
  };
}

function scorerView(s: ScorerRow, latest: VersionRow): ScorerView {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    kind: s.kind,
    archived: s.archivedAt !== null,
    latest: versionView(latest),
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}

export async function getScorerInProject(ctx: ProjectScope, scorerId: string): Promise<ScorerRow> {
  const [row] = await ctx.db
    .select()
    .from(scorers)
    .where(and(eq(scorers.id, scorerId), eq(scorers.projectId, ctx.project.id)))
    .limit(1);
  if (!row) throw ApiError.notFound("Scorer");
  return row;
}

/** One version of one of the project's scorers (by the version's id), with its scorer. */
export async function getVersionInProject(
  ctx: ProjectScope,
  versionId: string,
): Promise<{ scorer: ScorerRow; version: VersionRow }> {
  const [row] = await ctx.db
    .select({ version: scorerVersions, scorer: scorers })
    .from(scorerVersions)
    .innerJoin(scorers, eq(scorers.id, scorerVersions.scorerId))
    .where(and(eq(scorerVersions.id, versionId), eq(scorerVersions.projectId, ctx.project.id)))
    .limit(1);
  if (!row) throw ApiError.notFound("Scorer version");
  return row;
}

async function latestOf(ctx: ProjectScope, s: ScorerRow): Promise<VersionRow> {
  const [v] = await ctx.db
    .select()
    .from(scorerVersions)
    .where(and(eq(scorerVersions.scorerId, s.id), eq(scorerVersions.version, s.latestVersion)))
    .limit(1);
  if (!v) throw new Error(`scorer ${s.id} has no version ${s.latestVersion}`);
  return v;
}

export async function latestVersion(ctx: ProjectScope, scorerId: string) {
  const scorer = await getScorerInProject(ctx, scorerId);
  return { scorer, version: await latestOf(ctx, scorer) };
}

export async function listScorers({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { archived: boolean };
}): Promise<{ scorers: ScorerView[] }> {
  const rows = await ctx.db
    .select({ scorer: scorers, latest: scorerVersions })
    .from(scorers)
    .innerJoin(
      scorerVersions,
      and(eq(scorerVersions.scorerId, scorers.id), eq(scorerVersions.version, scorers.latestVersion)),
    )
    .where(
      and(eq(scorers.projectId, ctx.project.id), input.archived ? undefined : isNull(scorers.archivedAt)),
    )
    .orderBy(asc(scorers.name));
  return { scorers: rows.map((r) => scorerView(r.scorer, r.latest)) };
}

export async function getScorer({ ctx, input }: { ctx: ProjectContext; input: { scorerId: string } }) {
  const { scorer, version } = await latestVersion(ctx, input.scorerId);
  return scorerView(scorer, version);
}

/** A new scorer with its version 1. */
export async function createScorer({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: ScorerInput;
}): Promise<ScorerView> {
  const now = ctx.services.clock.now();
  const scorer: ScorerRow = {
    id: ctx.services.ids("scorer"),
    orgId: ctx.org.id,
    projectId: ctx.project.id,
    name: input.name,
    description: input.description ?? "",
    kind: input.definition.type,
    latestVersion: 1,
    archivedAt: null,
    createdBy: by(ctx),
    createdAt: now,
    updatedAt: now,
  };
  const version: VersionRow = {
    id: ctx.services.ids("scorerVersion"),
    scorerId: scorer.id,
    projectId: ctx.project.id,
    version: 1,
    definition: input.definition,
    message: input.message ?? "",
    createdBy: by(ctx),
    createdAt: now,
  };
  try {
    await ctx.db.batch([
      ctx.db.insert(scorers).values(scorer),
      ctx.db.insert(scorerVersions).values(version),
      auditData(ctx, "scorer.created", { type: "scorer", id: scorer.id, label: scorer.name }, { version: 1 }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ApiError(
        "CONFLICT",
        `The project already has a scorer named "${input.name}"; choose another name.`,
      );
    throw err;
  }
  return scorerView(scorer, version);
}

/**
 * A new version (the next number) with a new definition; earlier versions never change. Two
 * people saving at once make two versions, one after the other (the number is taken in the
 * insert, and the unique (scorer, version) index refuses a duplicate).
 */
export async function createScorerVersion({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { scorerId: string; version: VersionInput };
}): Promise<ScorerVersionView> {
  const scorer = await getScorerInProject(ctx, input.scorerId);
  const now = ctx.services.clock.now();
  const next = scorer.latestVersion + 1;
  const version: VersionRow = {
    id: ctx.services.ids("scorerVersion"),
    scorerId: scorer.id,
    projectId: ctx.project.id,
    version: next,
    definition: input.version.definition,
    message: input.version.message ?? "",
    createdBy: by(ctx),
    createdAt: now,
  };
  try {
    await ctx.db.batch([
      ctx.db.insert(scorerVersions).values(version),
      ctx.db
        .update(scorers)
        .set({ latestVersion: next, kind: input.version.definition.type, updatedAt: now })
        .where(and(eq(scorers.id, scorer.id), eq(scorers.latestVersion, scorer.latestVersion))),
      auditData(
        ctx,
        "scorer.version_created",
        { type: "scorer", id: scorer.id, label: scorer.name },
        { version: next },
      ),
    ]);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ApiError(
        "CONFLICT",
        "Someone saved a new version of this scorer meanwhile; reload it and save again.",
      );
    throw err;
  }
  return versionView(version);
}

export async function listScorerVersions({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { scorerId: string };
}) {
  const scorer = await getScorerInProject(ctx, input.scorerId);
  const rows = await ctx.db
    .select()
    .from(scorerVersions)
    .where(eq(scorerVersions.scorerId, scorer.id))
    .orderBy(desc(scorerVersions.version));
  return { versions: rows.map(versionView) };
}

/** Changes a scorer's description or archives it (hidden from lists; its versions still resolve). */
export async function updateScorer({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { scorerId: string; patch: ScorerPatch };
}): Promise<ScorerView> {
  const scorer = await getScorerInProject(ctx, input.scorerId);
  const now = ctx.services.clock.now();
  const changes: Partial<ScorerRow> = {
    ...(input.patch.description !== undefined ? { description: input.patch.description } : {}),
    ...(input.patch.archived !== undefined
      ? { archivedAt: input.patch.archived ? (scorer.archivedAt ?? now) : null }
      : {}),
    updatedAt: now,
  };
  await ctx.db.batch([
    ctx.db.update(scorers).set(changes).where(eq(scorers.id, scorer.id)),
    auditData(
      ctx,
      "scorer.updated",
      { type: "scorer", id: scorer.id, label: scorer.name },
      { ...input.patch },
    ),
  ]);
  const updated = { ...scorer, ...changes };
  return scorerView(updated, await latestOf(ctx, updated));
}
