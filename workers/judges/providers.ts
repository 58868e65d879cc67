import { and, asc, eq } from "drizzle-orm";
import OpenAI from "openai";
import { judgeProviders } from "../../schema";
import { audit, type OrgContext, type OrgScope } from "../auth/context";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { keyRing, open, seal } from "../lib/secrets";
import type { ProviderInput, ProviderPatch, ProviderView } from "./provider-schemas";
import { forgetJudgeSetup } from "./setups";

type Row = typeof judgeProviders.$inferSelect;
type Secret = { apiKey: string; headers: Record<string, string> };

/** How long a provider may take to list its models before "test connection" says it failed. */
const TEST_TIMEOUT_MS = 10_000;

function view(r: Row): ProviderView {
  return {
    id: r.id,
    name: r.name,
    baseUrl: r.baseUrl,
    keyHint: r.keyHint,
    headerNames: r.headerNames,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

const hintOf = (apiKey: string) => `…${apiKey.slice(-4)}`;

/**
 * Where a provider may live. In production only https, and never this machine or a private
 * network (a provider URL must not become a way to reach the platform's own services); local
 * development and tests also take http and localhost (the scripted model server).
 */
function checkBaseUrl(ctx: OrgContext, baseUrl: string): void {
  const url = new URL(baseUrl);
  if (ctx.services.env.SIGHTLINE_ENV !== "production") return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const privateHost =
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".internal") ||
    /^(127\.|10\.|192\.168\.|169\.254\.|0\.)/.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
    host === "::1" ||
    /^f[cd][0-9a-f]{2}:/i.test(host) ||
    /^fe80:/i.test(host);
  if (url.protocol !== "https:" || privateHost)
    throw new ApiError("INVALID_INPUT", "Invalid body. baseUrl: must be a public https:// URL in production");
}

async function sealSecret(ctx: OrgScope, id: string, secret: Secret): Promise<string> {
  return seal(await keyRing(ctx.services.env.ENCRYPTION_KEY), JSON.stringify(secret), `judge_provider:${id}`);
}

async function openSecret(ctx: OrgScope, row: Row): Promise<Secret> {
  const plain = await open(
    await keyRing(ctx.services.env.ENCRYPTION_KEY),
    row.secret,
    `judge_provider:${row.id}`,
  );
  return JSON.parse(plain) as Secret;
}

export async function getProviderInOrg(ctx: OrgContext, providerId: string): Promise<Row> {
  const [row] = await ctx.control
    .select()
    .from(judgeProviders)
    .where(and(eq(judgeProviders.id, providerId), eq(judgeProviders.orgId, ctx.org.id)))
    .limit(1);
  if (!row) throw ApiError.notFound("Provider");
  return row;
}

export async function listProviders({ ctx }: { ctx: OrgContext }): Promise<{ providers: ProviderView[] }> {
  const rows = await ctx.control
    .select()
    .from(judgeProviders)
    .where(eq(judgeProviders.orgId, ctx.org.id))
    .orderBy(asc(judgeProviders.name));
  return { providers: rows.map(view) };
}

const nameTaken = (name: string) =>
  new ApiError("CONFLICT", `The organization already has a provider named "${name}"; choose another name.`);

export async function createProvider({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: ProviderInput;
}): Promise<ProviderView> {
  checkBaseUrl(ctx, input.baseUrl);
  const now = ctx.services.clock.now();
  const id = ctx.services.ids("providerCredential");
  const row: Row = {
    id,
    orgId: ctx.org.id,
    name: input.name,
    baseUrl: input.baseUrl,
    secret: await sealSecret(ctx, id, { apiKey: input.apiKey, headers: input.headers ?? {} }),
    keyHint: hintOf(input.apiKey),
    headerNames: Object.keys(input.headers ?? {}),
    createdBy: ctx.actor.id,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.control.batch([
      ctx.control.insert(judgeProviders).values(row),
      audit(
        ctx,
        "judge_provider.created",
        { type: "judge_provider", id, label: input.name },
        { baseUrl: input.baseUrl },
      ),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
  forgetJudgeSetup(ctx.org.id);
  return view(row);
}

/** Changes a provider; a new key or new headers are sealed again (the other part is kept). */
export async function updateProvider({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: { providerId: string; patch: ProviderPatch };
}): Promise<ProviderView> {
  const old = await getProviderInOrg(ctx, input.providerId);
  const { patch } = input;
  if (patch.baseUrl !== undefined) checkBaseUrl(ctx, patch.baseUrl);
  const resealed = patch.apiKey !== undefined || patch.headers !== undefined;
  const secret = resealed
    ? { ...(await openSecret(ctx, old)), ...(patch.apiKey !== undefined ? { apiKey: patch.apiKey } : {}) }
    : null;
  if (secret && patch.headers !== undefined) secret.headers = patch.headers;
  const changes: Partial<Row> = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.baseUrl !== undefined ? { baseUrl: patch.baseUrl } : {}),
    ...(secret
      ? {
          secret: await sealSecret(ctx, old.id, secret),
          keyHint: hintOf(secret.apiKey),
          headerNames: Object.keys(secret.headers),
        }
      : {}),
    updatedAt: ctx.services.clock.now(),
  };
  try {
    await ctx.control.batch([
      ctx.control.update(judgeProviders).set(changes).where(eq(judgeProviders.id, old.id)),
      audit(
        ctx,
        "judge_provider.updated",
        { type: "judge_provider", id: old.id, label: changes.name ?? old.name },
        { changed: Object.keys(patch).filter((k) => patch[k as keyof ProviderPatch] !== undefined) },
      ),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(patch.name ?? old.name);
    throw err;
  }
  forgetJudgeSetup(ctx.org.id);
  return view({ ...old, ...changes });
}

export async function deleteProvider({ ctx, input }: { ctx: OrgContext; input: { providerId: string } }) {
  const old = await getProviderInOrg(ctx, input.providerId);
  await ctx.control.batch([
    ctx.control.delete(judgeProviders).where(eq(judgeProviders.id, old.id)),
    audit(ctx, "judge_provider.deleted", { type: "judge_provider", id: old.id, label: old.name }),
  ]);
  forgetJudgeSetup(ctx.org.id);
}

/** An `openai` client for a provider (the judge runner's, and "test connection"'s). */
export async function providerClient(
  ctx: OrgScope,
  row: Row,
  options: { timeoutMs: number; maxRetries?: number },
): Promise<OpenAI> {
  const secret = await openSecret(ctx, row);
  return new OpenAI({
    apiKey: secret.apiKey,
    baseURL: row.baseUrl,
    defaultHeaders: secret.headers,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries ?? 0,
  });
}

/**
 * "Test connection": lists the provider's models with its key. A failure is an answer, not an
 * error of this request: it says what the provider said (status and message) so a person can fix
 * the URL or the key.
 */
export async function testProvider({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: { providerId: string };
}): Promise<{ ok: true; models: string[] } | { ok: false; error: string }> {
  const row = await getProviderInOrg(ctx, input.providerId);
  const client = await providerClient(ctx, row, { timeoutMs: TEST_TIMEOUT_MS });
  try {
    const models: string[] = [];
    for await (const model of client.models.list()) {
      models.push(model.id);
      if (models.length >= 500) break;
    }
    return { ok: true, models: models.sort() };
  } catch (err) {
    if (err instanceof OpenAI.APIError && err.status !== undefined)
      return {
        ok: false,
        error: `The provider answered HTTP ${err.status}: ${err.message.replace(/^\d{3}\s+/, "")}`,
      };
    if (err instanceof OpenAI.APIConnectionTimeoutError)
      return { ok: false, error: `The provider did not answer within ${TEST_TIMEOUT_MS / 1000} s.` };
    if (err instanceof OpenAI.APIConnectionError)
      return { ok: false, error: `The provider could not be reached at ${row.baseUrl}: ${err.message}` };
    throw err;
  }
}
