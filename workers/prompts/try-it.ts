import type OpenAI from "openai";
import type { ProjectContext } from "../auth/context";
import { failure, JudgeBusyError, withJudge } from "../judges/runner";
import { ApiError, type ErrorCode } from "../lib/errors";
import type { ModelConfig } from "./schemas";
import { getPromptInProject } from "./service";
import type { TryResult } from "./try-schemas";
import { getVersionRow, renderPromptVersion } from "./versions";

/**
 * "Try it": one model call with a rendered prompt version, through the judge runner — so it
 * spends the organization's judge budget, waits for one of its permits and is priced from the
 * price table exactly as a judge call is. Nothing is stored.
 */
const REQUEST_WAIT_MS = 10_000;

/** How a runner failure reads over HTTP: the caller's mistake, the budget, or the provider's trouble. */
const FAILURE_CODES: Record<string, ErrorCode> = {
  INVALID_MODEL: "INVALID_INPUT",
  PROVIDER_NOT_FOUND: "INVALID_INPUT",
  BUDGET_EXHAUSTED: "RATE_LIMITED",
  RATE_LIMITED: "RATE_LIMITED",
};

function modelUriOf(requested: string | undefined, config: ModelConfig | null): string {
  if (requested) return requested;
  if (config?.provider && config.model) return `${config.provider}:/${config.model}`;
  throw new ApiError(
    "INVALID_INPUT",
    "model: choose a judge model (<provider>:/<model>); this version's model config names no provider and model.",
  );
}

export async function tryPromptVersion({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: {
    promptName: string;
    version: number;
    variables: Record<string, unknown>;
    model?: string | undefined;
  };
}): Promise<TryResult> {
  const rendered = await renderPromptVersion({ ctx, input });
  const prompt = await getPromptInProject(ctx, input.promptName);
  const row = await getVersionRow(ctx, prompt, input.version);
  const config = (row.modelConfig as ModelConfig | null) ?? null;
  const modelUri = modelUriOf(input.model, config);
  const messages: OpenAI.ChatCompletionMessageParam[] = (
    rendered.messages ?? [{ role: "user", content: rendered.text ?? "" }]
  ).map((m) => ({ role: m.role, content: m.content }) as OpenAI.ChatCompletionMessageParam);
  const responseFormat = row.responseFormat as Record<string, unknown> | null;

  let result: Awaited<ReturnType<typeof withJudge>>;
  try {
    result = await withJudge(ctx, modelUri, { waitMs: REQUEST_WAIT_MS }, async (session) => {
      const answer = await session.call({
        messages,
        ...(config?.temperature !== undefined && { temperature: config.temperature }),
        ...(config?.maxTokens !== undefined && { max_tokens: config.maxTokens }),
        ...(config?.topP !== undefined && { top_p: config.topP }),
        ...(config?.stop !== undefined && { stop: config.stop }),
        ...(responseFormat && {
          response_format: {
            type: "json_schema" as const,
            json_schema: { name: "response", schema: responseFormat },
          },
        }),
      });
      if (!answer.ok) return answer.result;
      const message = answer.completion.choices[0]?.message;
      const output = message?.content ?? message?.refusal ?? "";
      if (!message) return failure("PROVIDER_ERROR", "The provider answered no message.", answer.usage);
      return { ok: true, value: output, rationale: null, usage: answer.usage };
    });
  } catch (err) {
    if (err instanceof JudgeBusyError)
      throw new ApiError(
        "RATE_LIMITED",
        `Every judge call the organization may run at once is in use; retry in ${Math.ceil(err.retryAfterMs / 1000)} s.`,
        { headers: { "Retry-After": String(Math.ceil(err.retryAfterMs / 1000)) } },
      );
    throw err;
  }
  if (!result.ok)
    throw new ApiError(FAILURE_CODES[result.error.code] ?? "SERVICE_UNAVAILABLE", result.error.message);
  const { usage } = result;
  return {
    output: String(result.value),
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens },
    costUsd: usage.costUsd,
    latencyMs: usage.latencyMs,
    model: usage.model,
  };
}
