import { and, eq } from "drizzle-orm";
import OpenAI from "openai";
import { judgeProviders, orgs } from "../../schema";
import type { OrgContext } from "../auth/context";
import { ApiError } from "../lib/errors";
import { pricesFor } from "../prices/org-prices";
import { costOf, findPrice } from "../prices/pricing";
import type { Grant } from "./gate";
import { parseJudgement, type ValueType } from "./parse";
import { providerClient } from "./providers";

/**
 * The judge runner: every model call a judge makes goes through here. It resolves the model URI
 * (`<provider>:/<model>`) to the organization's provider, takes a permit from the organization's
 * gate (concurrency and monthly budget, judges/gate.ts), asks for a structured answer (JSON
 * schema, with a tolerant reading when the provider ignores it), retries throttling and server
 * errors honouring Retry-After, prices the call from the price table, and reports failures as
 * error results — never a default score.
 */
export type JudgeRequest = {
  modelUri: string;
  system: string;
  user: string;
  valueType: ValueType;
  temperature?: number | undefined;
};

export type JudgeUsage = {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
};

export type JudgeResult =
  | { ok: true; value: boolean | number | string; rationale: string | null; usage: JudgeUsage }
  | { ok: false; error: { code: string; message: string }; usage: JudgeUsage | null };

/** No permit came free in time: the caller retries later (a queue job) or answers 429 (a request). */
export class JudgeBusyError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`every judge permit of the organization is in use; retry in ${retryAfterMs} ms`);
    this.name = "JudgeBusyError";
  }
}

const CALL_TIMEOUT_MS = 60_000;
const PERMIT_TTL_MS = CALL_TIMEOUT_MS * 4;
const ATTEMPTS = 4;
const MODEL_URI = /^([a-z0-9][a-z0-9_-]{0,63}):\/(.+)$/;

const failure = (code: string, message: string, usage: JudgeUsage | null = null): JudgeResult => ({
  ok: false,
  error: { code, message },
  usage,
});

async function clientFor(ctx: OrgContext, providerName: string): Promise<OpenAI | null> {
  const [row] = await ctx.control
    .select()
    .from(judgeProviders)
    .where(and(eq(judgeProviders.orgId, ctx.org.id), eq(judgeProviders.name, providerName)))
    .limit(1);
  if (row) return providerClient(ctx, row, { timeoutMs: CALL_TIMEOUT_MS });
  // Local development only: the operator's own key, never another tenant's bill in production.
  const env = ctx.services.env;
  if (env.SIGHTLINE_ENV !== "production" && env.OPENAI_API_KEY)
    return new OpenAI({
      apiKey: env.OPENAI_API_KEY,
      baseURL: env.OPENAI_BASE_URL,
      timeout: CALL_TIMEOUT_MS,
      maxRetries: 0,
    });
  return null;
}

function retryDelayMs(err: InstanceType<typeof OpenAI.APIError>, attempt: number): number {
  const header = err.headers?.get?.("retry-after");
  const seconds = header ? Number(header) : Number.NaN;
  const asked = Number.isFinite(seconds)
    ? seconds * 1000
    : header
      ? Date.parse(header) - Date.now()
      : Number.NaN;
  const backoff = 250 * 2 ** attempt;
  return Math.min(Number.isFinite(asked) && asked >= 0 ? asked : backoff, 20_000);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SCHEMAS: Record<ValueType["kind"], object> = {
  bool: { type: "string", enum: ["yes", "no"] },
  number: { type: "number" },
  label: { type: "string" },
  text: { type: "string" },
};

/** Runs one judge call. Throws only JudgeBusyError (no permit in time); every other failure is a result. */
export async function runJudge(
  ctx: OrgContext,
  request: JudgeRequest,
  options: { waitMs: number },
): Promise<JudgeResult> {
  const uri = MODEL_URI.exec(request.modelUri);
  if (!uri?.[1] || !uri[2])
    return failure(
      "INVALID_MODEL",
      `"${request.modelUri}" is not a model URI; write <provider>:/<model>, e.g. openai:/gpt-4o-mini.`,
    );
  const [, providerName, model] = uri;
  const client = await clientFor(ctx, providerName);
  if (!client)
    return failure(
      "PROVIDER_NOT_FOUND",
      `The organization has no judge provider named "${providerName}"; add it under Settings → Judge providers.`,
    );
  const [org] = await ctx.control.select().from(orgs).where(eq(orgs.id, ctx.org.id)).limit(1);
  if (!org) throw ApiError.notFound("Organization");
  const gateBinding = ctx.services.env.JUDGE_GATE;
  if (!gateBinding)
    throw new ApiError(
      "BAD_ENVIRONMENT",
      "Judges need the JUDGE_GATE Durable Object binding (see wrangler.toml).",
    );
  const gate = gateBinding.get(gateBinding.idFromName(ctx.org.id));
  const grant = (await gate.acquire({
    limit: org.judgeConcurrency,
    ttlMs: PERMIT_TTL_MS,
    budgetUsd: org.judgeBudgetUsd,
    waitMs: options.waitMs,
  })) as Grant;
  if (!grant.ok && grant.reason === "budget")
    return failure(
      "BUDGET_EXHAUSTED",
      `The organization's judge budget for this month ($${grant.budgetUsd}) is spent ($${grant.spentUsd.toFixed(4)}); raise it in Settings or wait for next month.`,
    );
  if (!grant.ok) throw new JudgeBusyError(grant.retryAfterMs);

  let outcome: "ok" | "failed" = "failed";
  let throttled = false;
  let costUsd = 0;
  try {
    const started = Date.now();
    let structured = true;
    for (let attempt = 0; ; attempt++) {
      try {
        const completion = await client.chat.completions.create({
          model,
          temperature: request.temperature ?? 0,
          messages: [
            { role: "system", content: request.system },
            { role: "user", content: request.user },
          ],
          ...(structured
            ? {
                response_format: {
                  type: "json_schema" as const,
                  json_schema: {
                    name: "judgement",
                    strict: true,
                    schema: {
                      type: "object",
                      properties: { rationale: { type: "string" }, value: SCHEMAS[request.valueType.kind] },
                      required: ["rationale", "value"],
                      additionalProperties: false,
                    },
                  },
                },
              }
            : {}),
        });
        const inputTokens = completion.usage?.prompt_tokens ?? 0;
        const outputTokens = completion.usage?.completion_tokens ?? 0;
        const price = findPrice(model, await pricesFor(ctx));
        costUsd = price
          ? costOf(price, { input: inputTokens, output: outputTokens, cacheRead: null })
          : ((inputTokens + outputTokens) / 1_000_000) * org.judgeUnpricedPerMillion;
        const usage: JudgeUsage = {
          model: request.modelUri,
          inputTokens,
          outputTokens,
          costUsd,
          latencyMs: Date.now() - started,
        };
        const message = completion.choices[0]?.message;
        if (message?.refusal) {
          outcome = "ok";
          return failure("REFUSED", `The model refused to judge: ${message.refusal}`, usage);
        }
        const parsed = parseJudgement(message?.content ?? "", request.valueType);
        outcome = "ok";
        if (!parsed.ok) return failure("UNPARSEABLE_ANSWER", parsed.message, usage);
        return { ok: true, value: parsed.value, rationale: parsed.rationale, usage };
      } catch (err) {
        if (!(err instanceof OpenAI.APIError)) throw err;
        if (err instanceof OpenAI.APIConnectionTimeoutError)
          return failure("TIMEOUT", `The model did not answer within ${CALL_TIMEOUT_MS / 1000} s.`);
        if (err instanceof OpenAI.APIConnectionError)
          return failure(
            "PROVIDER_UNREACHABLE",
            `The provider "${providerName}" could not be reached: ${err.message}`,
          );
        // A provider that does not take JSON-schema answers: ask again without, and read the answer tolerantly.
        if (err.status === 400 && structured && /response_format|json_schema/i.test(err.message)) {
          structured = false;
          continue;
        }
        const retryable = err.status === 429 || (err.status !== undefined && err.status >= 500);
        if (err.status === 429) throttled = true;
        if (!retryable || attempt + 1 >= ATTEMPTS)
          return failure(
            err.status === 429 ? "RATE_LIMITED" : "PROVIDER_ERROR",
            `The provider answered HTTP ${err.status ?? "?"}: ${err.message.replace(/^\d{3}\s+/, "")}`,
          );
        await sleep(retryDelayMs(err, attempt));
      }
    }
  } finally {
    await gate.release(grant.permitId, costUsd, throttled ? "throttled" : outcome);
  }
}
