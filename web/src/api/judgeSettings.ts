import { api, type RequestOptions } from "./client";

/** The organization's judge limits and this month's spend (docs/scoring.md, "Providers and settings"). */

export interface JudgeSettings {
  concurrency: number;
  monthlyBudgetUsd: number | null;
  unpricedPerMillionUsd: number;
  /** "2026-12" (UTC). */
  month: string;
  spentUsd: number;
  inFlight: number;
}

export interface JudgeSettingsPatch {
  concurrency?: number;
  monthlyBudgetUsd?: number | null;
  unpricedPerMillionUsd?: number;
}

const path = (orgId: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}/judge-settings`;

export function getJudgeSettings(orgId: string, options?: RequestOptions): Promise<JudgeSettings> {
  return api.get<JudgeSettings>(path(orgId), options);
}

/** Owners and admins only. */
export function updateJudgeSettings(orgId: string, patch: JudgeSettingsPatch): Promise<JudgeSettings> {
  return api.patch<JudgeSettings>(path(orgId), patch);
}
