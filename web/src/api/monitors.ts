/**
 * A project's monitors (a scorer on a sample of live traffic) and their backfills
 * (docs/api-monitoring.md). The shapes are the server's (type-only imports: nothing of the server
 * is bundled).
 */
import type {
  BackfillView as Backfill,
  MonitorView as Monitor,
  MonitorInput,
  MonitorPatch,
} from "../../../workers/monitoring/schemas";
import { api, type RequestOptions } from "./client";

export type { Backfill, Monitor, MonitorInput, MonitorPatch };
export type MonitorLevel = Monitor["level"];

/** `GET …/backfill-estimate`, written out: the server's schema is a zod object without an exported type. */
export interface BackfillEstimate {
  days: number;
  from: string;
  to: string;
  /** Traces (or sessions) of the range matching the monitor's filter. */
  matching: number;
  /** Of those, about how many the rate samples. */
  subjects: number;
  costPerSubjectUsd: number | null;
  /** Null when the judge model has no known price. */
  estimatedCostUsd: number | null;
  /** How the cost was estimated, in a sentence. */
  basis: string;
}

const monitors = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}/monitors`;
const monitor = (projectId: string, monitorId: string) =>
  `${monitors(projectId)}/${encodeURIComponent(monitorId)}`;

export async function listMonitors(projectId: string, options?: RequestOptions): Promise<Monitor[]> {
  return (await api.get<{ monitors: Monitor[] }>(monitors(projectId), options)).monitors;
}

/** 201; 409 when the name is taken. */
export function createMonitor(projectId: string, input: MonitorInput): Promise<Monitor> {
  return api.post<Monitor>(monitors(projectId), input);
}

/** Rate, filter, settle time, name, or `status` to pause and start; applies to traces settling from now on. */
export function updateMonitor(projectId: string, monitorId: string, patch: MonitorPatch): Promise<Monitor> {
  return api.patch<Monitor>(monitor(projectId, monitorId), patch);
}

/** Queued scoring stops; the feedback it wrote stays. */
export function deleteMonitor(projectId: string, monitorId: string): Promise<void> {
  return api.delete(monitor(projectId, monitorId));
}

export function estimateBackfill(
  projectId: string,
  monitorId: string,
  days: number,
  options?: RequestOptions,
): Promise<BackfillEstimate> {
  return api.get<BackfillEstimate>(`${monitor(projectId, monitorId)}/backfill-estimate`, {
    ...options,
    query: { days },
  });
}

/** 202 with the backfill collecting; 409 while another one of this monitor runs. */
export function startBackfill(projectId: string, monitorId: string, days: number): Promise<Backfill> {
  return api.post<Backfill>(`${monitor(projectId, monitorId)}/backfills`, { days });
}

/** The last 20, newest first. */
export async function listBackfills(
  projectId: string,
  monitorId: string,
  options?: RequestOptions,
): Promise<Backfill[]> {
  return (await api.get<{ backfills: Backfill[] }>(`${monitor(projectId, monitorId)}/backfills`, options))
    .backfills;
}

export function cancelBackfill(projectId: string, monitorId: string, backfillId: string): Promise<Backfill> {
  return api.post<Backfill>(
    `${monitor(projectId, monitorId)}/backfills/${encodeURIComponent(backfillId)}/cancel`,
  );
}
