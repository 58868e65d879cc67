import { and, desc, eq } from "drizzle-orm";
import { apiKeys, users } from "../../schema";
import type { Scope } from "../../schema/api-keys";
import { auditStatement } from "../audit/record";
import { authorize } from "../auth/access";
import { generateApiKey } from "../auth/api-key-format";
import { actorOf } from "../auth/principal";
import type { Access } from "../http/hono-env";
import { findFirst } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function projectOf(access: Access) {
  if (!access.project) throw ApiError.notFound("Project");
  return access.project;
}

export async function listApiKeys({ services, access }: { services: Services; access: Access }) {
  const project = projectOf(access);
  const rows = await services.db
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
  services,
  access,
  input,
}: {
  services: Services;
  access: Access;
  input: { name: string; scopes: Scope[]; expiresAt?: string | undefined };
}) {
  const project = projectOf(access);
  const scopes = [...new Set(input.scopes)];
  if (scopes.includes("admin")) authorize(access.principal, project.orgId, "apikeys:grant-admin");
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
    createdBy: access.principal.type === "user" ? access.principal.userId : null,
    createdAt: now,
    expiresAt,
  };
  await services.db.batch([
    services.db.insert(apiKeys).values(row),
    auditStatement(services, {
      orgId: project.orgId,
      projectId: project.id,
      actor: actorOf(access.principal),
      action: "api_key.created",
      target: { type: "api_key", id: row.id, label: `${row.name} (${prefix}…)` },
      metadata: { scopes, expiresAt: iso(expiresAt) },
      ip: access.ip,
    }),
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

export async function revokeApiKey({
  services,
  access,
  keyId,
}: {
  services: Services;
  access: Access;
  keyId: string;
}) {
  const project = projectOf(access);
  const key = await findFirst(
    services.db,
    apiKeys,
    and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, project.orgId), eq(apiKeys.projectId, project.id)),
  );
  if (!key) throw ApiError.notFound("API key");
  if (key.revokedAt !== null) return;
  await services.db.batch([
    services.db.update(apiKeys).set({ revokedAt: services.clock.now() }).where(eq(apiKeys.id, key.id)),
    auditStatement(services, {
      orgId: project.orgId,
      projectId: project.id,
      actor: actorOf(access.principal),
      action: "api_key.revoked",
      target: { type: "api_key", id: key.id, label: `${key.name} (${key.prefix}…)` },
      ip: access.ip,
    }),
  ]);
}
