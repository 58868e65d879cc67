import { and, eq } from "drizzle-orm";
import OpenAI from "openai";
import { judgeProviders, orgs } from "../../schema";
import type { OrgScope } from "../auth/context";
import { ApiError } from "../lib/errors";
import { pricesFor } from "../prices/org-prices";
import { costOf, findPrice } from "../prices/pricing";
import type { Grant } from "./gate";
import { MODEL_URI, parseJudgement, type ValueType } from "./parse";
import { providerClient } from "./providers";
import { cachedSetup } from "./setups";

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

export const failure = (code: string, message: string, usage: JudgeUsage | null = null): JudgeResult => ({
  ok: false,
  error: { code, message },
  usage,
});

/** The organization's provider client and judge settings, from the isolate's cache (judges/setups.ts) or read. */
function setupFor(ctx: OrgScope, providerName: string) {
  return cachedSetup(ctx.org.id, providerName, async () => {
    const [client, [org]] = await Promise.all([
      clientFor(ctx, providerName),
      ctx.control.select().from(orgs).where(eq(orgs.id, ctx.org.id)).limit(1),
    ]);
    return { client, org };
  });
}

async function clientFor(ctx: OrgScope, providerName: string): Promise<OpenAI | null> {
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

type Org = typeof orgs.$inferSelect;

/**
 * One judge's use of the model: the provider's client, and one of the organization's permits held
 * for all its calls (one call for a judge, several for the large-trace agent). `call` makes a
 * model call with retries; `done` prices nothing, it returns the permit with what was spent.
 */
export type JudgeSession = {
  model: string;
  modelUri: string;
  call(
    params: Omit<OpenAI.ChatCompletionCreateParamsNonStreaming, "model">,
  ): Promise<
    { ok: true; completion: OpenAI.ChatCompletion; usage: JudgeUsage } | { ok: false; result: JudgeResult }
  >;
};

/**
 * Opens a session (provider, permit, budget), runs `work` in it, and returns the permit with the
 * session's spend and how the provider answered. Throws only JudgeBusyError (no permit in time);
 * every other failure is a result.
 */
export async function withJudge(
  ctx: OrgScope,
  modelUri: string,
  options: { waitMs: number },
  work: (session: JudgeSession) => Promise<JudgeResult>,
): Promise<JudgeResult> {
  const uri = MODEL_URI.exec(modelUri);
  if (!uri?.[1] || !uri[2])
    return failure(
      "INVALID_MODEL",
      `"${modelUri}" is not a model URI; write <provider>:/<model>, e.g. openai:/gpt-4o-mini.`,
    );
  const [, providerName, model] = uri;
  const { client, org } = await setupFor(ctx, providerName);
  if (!client)
    return failure(
      "PROVIDER_NOT_FOUND",
      `The organization has no judge provider named "${providerName}"; add it under Settings → Judge providers.`,
    );
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

  const state = { costUsd: 0, throttled: false, answered: false };
  const session: JudgeSession = {
    model,
    modelUri,
    call: (params) => callModel(ctx, client, org, providerName, model, modelUri, params, state),
  };
  try {
    return await work(session);
  } finally {
    await gate.release(
      grant.permitId,
      state.costUsd,
      state.throttled ? "throttled" : state.answered ? "ok" : "failed",
    );
  }
}

/** One model call with retries (429 and 5xx, honouring Retry-After) and the JSON-schema fallback. */
async function callModel(
  ctx: OrgScope,
  client: OpenAI,
  org: Org,
  providerName: string,
  model: string,
  modelUri: string,
  params: Omit<OpenAI.ChatCompletionCreateParamsNonStreaming, "model">,
  state: { costUsd: number; throttled: boolean; answered: boolean },
): Promise<
  { ok: true; completion: OpenAI.ChatCompletion; usage: JudgeUsage } | { ok: false; result: JudgeResult }
> {
  const started = Date.now();
  let body = { ...params, model };
  for (let attempt = 0; ; attempt++) {
    try {
      const completion = await client.chat.completions.create(body);
      const inputTokens = completion.usage?.prompt_tokens ?? 0;
      const outputTokens = completion.usage?.completion_tokens ?? 0;
      const price = findPrice(model, await pricesFor(ctx));
      const costUsd = price
        ? costOf(price, { input: inputTokens, output: outputTokens, cacheRead: null })
        : ((inputTokens + outputTokens) / 1_000_000) * org.judgeUnpricedPerMillion;
      state.costUsd += costUsd;
      state.answered = true;
      return {
        ok: true,
        completion,
        usage: { model: modelUri, inputTokens, outputTokens, costUsd, latencyMs: Date.now() - started },
      };
    } catch (err) {
      if (!(err instanceof OpenAI.APIError)) throw err;
      if (err instanceof OpenAI.APIConnectionTimeoutError)
        return {
          ok: false,
          result: failure("TIMEOUT", `The model did not answer within ${CALL_TIMEOUT_MS / 1000} s.`),
        };
      if (err instanceof OpenAI.APIConnectionError)
        return {
          ok: false,
          result: failure(
            "PROVIDER_UNREACHABLE",
            `The provider "${providerName}" could not be reached: ${err.message}`,
          ),
        };
      // A provider that does not take JSON-schema answers: ask again without, and read the answer tolerantly.
      if (err.status === 400 && body.response_format && /response_format|json_schema/i.test(err.message)) {
        const { response_format: _dropped, ...rest } = body;
        body = rest;
        continue;
      }
      const retryable = err.status === 429 || (err.status !== undefined && err.status >= 500);
      if (err.status === 429) state.throttled = true;
      if (!retryable || attempt + 1 >= ATTEMPTS)
        return {
          ok: false,
          result: failure(
            err.status === 429 ? "RATE_LIMITED" : "PROVIDER_ERROR",
            `The provider answered HTTP ${err.status ?? "?"}: ${err.message.replace(/^\d{3}\s+/, "")}`,
          ),
        };
      await sleep(retryDelayMs(err, attempt));
    }
  }
}

/** The answer format judges ask for: a rationale and a value of the judge's type. */
export function judgementFormat(valueType: ValueType) {
  return {
    type: "json_schema" as const,
    json_schema: {
      name: "judgement",
      strict: true,
      schema: {
        type: "object",
        properties: { rationale: { type: "string" }, value: SCHEMAS[valueType.kind] },
        required: ["rationale", "value"],
        additionalProperties: false,
      },
    },
  };
}

/** A judge's final message as a result: a refusal, an unreadable answer, or the value and rationale. */
export function judgementOf(
  message: OpenAI.ChatCompletionMessage | undefined,
  valueType: ValueType,
  usage: JudgeUsage,
): JudgeResult {
  if (message?.refusal) return failure("REFUSED", `The model refused to judge: ${message.refusal}`, usage);
  const parsed = parseJudgement(message?.content ?? "", valueType);
  if (!parsed.ok) return failure("UNPARSEABLE_ANSWER", parsed.message, usage);
  return { ok: true, value: parsed.value, rationale: parsed.rationale, usage };
}

/** Runs one judge call. Throws only JudgeBusyError (no permit in time); every other failure is a result. */
export function runJudge(
  ctx: OrgScope,
  request: JudgeRequest,
  options: { waitMs: number },
): Promise<JudgeResult> {
  return withJudge(ctx, request.modelUri, options, async (session) => {
    const answer = await session.call({
      temperature: request.temperature ?? 0,
      messages: [
        { role: "system", content: request.system },
        { role: "user", content: request.user },
      ],
      response_format: judgementFormat(request.valueType),
    });
    if (!answer.ok) return answer.result;
    return judgementOf(answer.completion.choices[0]?.message, request.valueType, answer.usage);
  });
}
