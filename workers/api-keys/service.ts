import { and, desc, eq } from "drizzle-orm";
import { apiKeys, revokedKeys, users } from "../../schema";
import type { Scope } from "../../schema/api-keys";
import { authorize } from "../auth/access";
import { generateApiKey } from "../auth/api-key-format";
import { audit, type OrgContext, type ProjectContext } from "../auth/context";
import { findFirst } from "../lib/db";
import { ApiError } from "../lib/errors";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The project's API key `keyId`, or NotFound (other projects' keys alike). */
export async function getApiKeyInProject(ctx: ProjectContext, keyId: string) {
  const key = await findFirst(
    ctx.control,
    apiKeys,
    and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, ctx.project.orgId), eq(apiKeys.projectId, ctx.project.id)),
  );
  if (!key) throw ApiError.notFound("API key");
  return key;
}

export async function listApiKeys({ ctx }: { ctx: ProjectContext }) {
  const { project } = ctx;
  const rows = await ctx.control
    .select({ key: apiKeys, creatorName: users.name })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(and(eq(apiKeys.orgId, project.orgId), eq(apiKeys.projectId, project.id)))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(({ key, creatorName }) => ({
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: new Date(key.createdAt).toISOString(),
    expiresAt: iso(key.expiresAt),
    lastUsedAt: iso(key.lastUsedAt),
    revokedAt: iso(key.revokedAt),
    createdBy: key.createdBy ? { id: key.createdBy, name: creatorName ?? "" } : null,
  }));
}

export async function createApiKey({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { name: string; scopes: Scope[]; expiresAt?: string | undefined };
}) {
  const { project, principal, services } = ctx;
  const scopes = [...new Set(input.scopes)];
  if (scopes.includes("admin")) authorize(principal, project.orgId, "apikeys:grant-admin");
  const now = services.clock.now();
  const expiresAt = input.expiresAt ? Date.parse(input.expiresAt) : null;
  if (expiresAt !== null && expiresAt <= now)
    throw new ApiError("INVALID_INPUT", "Invalid body. expiresAt: must be in the future");
  const { key, prefix, hash } = await generateApiKey();
  const row = {
    id: services.ids("apiKey"),
    orgId: project.orgId,
    projectId: project.id,
    name: input.name,
    prefix,
    hash,
    scopes,
    createdBy: principal.type === "user" ? principal.userId : null,
    createdAt: now,
    expiresAt,
  };
  await ctx.control.batch([
    ctx.control.insert(apiKeys).values(row),
    audit(
      ctx,
      "api_key.created",
      { type: "api_key", id: row.id, label: `${row.name} (${prefix}…)` },
      { scopes, expiresAt: iso(expiresAt) },
    ),
  ]);
  return {
    id: row.id,
    key,
    prefix,
    name: row.name,
    scopes,
    expiresAt: iso(expiresAt),
    createdAt: new Date(now).toISOString(),
  };
}

export async function revokeApiKey({ ctx, input }: { ctx: ProjectContext; input: { keyId: string } }) {
  const key = await getApiKeyInProject(ctx, input.keyId);
  if (key.revokedAt !== null) return;
  const revokedAt = ctx.services.clock.now();
  // Ingest's side first (its write transactions check there): if the control plane's write then
  // fails, the key already writes nothing, and revoking again completes the rest.
  await refuseIngestFrom(ctx, [key.id], revokedAt);
  await ctx.control.batch([
    ctx.control.update(apiKeys).set({ revokedAt }).where(eq(apiKeys.id, key.id)),
    audit(ctx, "api_key.revoked", { type: "api_key", id: key.id, label: `${key.name} (${key.prefix}…)` }),
  ]);
}

/**
 * Makes OTLP ingest refuse these keys: their revocation, on the organization's side of the seam,
 * where ingest checks inside its write transaction (schema/ingest.ts).
 */
export async function refuseIngestFrom(
  ctx: Pick<OrgContext, "db">,
  keyIds: string[],
  revokedAt: number,
): Promise<void> {
  if (keyIds.length === 0) return;
  await ctx.db
    .insert(revokedKeys)
    .values(keyIds.map((keyId) => ({ keyId, revokedAt })))
    .onConflictDoNothing();
}
