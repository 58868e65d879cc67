import { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { orgs } from "../../schema";
import { audit, type OrgContext } from "../auth/context";
import { ApiError } from "../lib/errors";
import { forgetJudgeSetup } from "./setups";

export const JudgeSettingsInput = z
  .object({
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: "Judge calls in flight at once." }),
    monthlyBudgetUsd: z
      .number()
      .min(0)
      .max(1_000_000)
      .nullable()
      .optional()
      .openapi({ description: "Judge spend per calendar month (UTC), USD; null for no limit." }),
    unpricedPerMillionUsd: z
      .number()
      .min(0)
      .max(10_000)
      .optional()
      .openapi({ description: "What a model without a price counts at, USD per million tokens." }),
  })
  .strict()
  .openapi("JudgeSettingsInput");

export const JudgeSettingsSchema = z
  .object({
    concurrency: z.number().int(),
    monthlyBudgetUsd: z.number().nullable(),
    unpricedPerMillionUsd: z.number(),
    month: z.string().openapi({ example: "2026-12" }),
    spentUsd: z.number().openapi({ description: "Judge spend so far this month." }),
    inFlight: z.number().int().openapi({ description: "Judge calls running now." }),
  })
  .openapi("JudgeSettings");
export type JudgeSettings = z.infer<typeof JudgeSettingsSchema>;

async function gateStatus(ctx: OrgContext) {
  const binding = ctx.services.env.JUDGE_GATE;
  if (!binding)
    return { month: new Date(ctx.services.clock.now()).toISOString().slice(0, 7), spentUsd: 0, inFlight: 0 };
  return binding.get(binding.idFromName(ctx.org.id)).status();
}

export async function getJudgeSettings({ ctx }: { ctx: OrgContext }): Promise<JudgeSettings> {
  const [org] = await ctx.control.select().from(orgs).where(eq(orgs.id, ctx.org.id)).limit(1);
  if (!org) throw ApiError.notFound("Organization");
  const { month, spentUsd, inFlight } = await gateStatus(ctx);
  return {
    concurrency: org.judgeConcurrency,
    monthlyBudgetUsd: org.judgeBudgetUsd,
    unpricedPerMillionUsd: org.judgeUnpricedPerMillion,
    month,
    spentUsd: Math.round(spentUsd * 1e6) / 1e6,
    inFlight,
  };
}

export async function updateJudgeSettings({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: z.infer<typeof JudgeSettingsInput>;
}): Promise<JudgeSettings> {
  const changes = {
    ...(input.concurrency !== undefined ? { judgeConcurrency: input.concurrency } : {}),
    ...(input.monthlyBudgetUsd !== undefined ? { judgeBudgetUsd: input.monthlyBudgetUsd } : {}),
    ...(input.unpricedPerMillionUsd !== undefined
      ? { judgeUnpricedPerMillion: input.unpricedPerMillionUsd }
      : {}),
  };
  if (Object.keys(changes).length > 0) {
    await ctx.control.batch([
      ctx.control
        .update(orgs)
        .set({ ...changes, updatedAt: ctx.services.clock.now() })
        .where(eq(orgs.id, ctx.org.id)),
      audit(ctx, "judge_settings.updated", { type: "org", id: ctx.org.id, label: null }, { ...input }),
    ]);
    forgetJudgeSetup(ctx.org.id);
  }
  return getJudgeSettings({ ctx });
}
