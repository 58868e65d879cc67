import { api, type QueryValue, type RequestOptions } from "./client";
import type {
  Metrics,
  MetricsQuery,
  SessionDetail,
  SessionPage,
  SessionQuery,
  Span,
  TraceOutline,
  TracePage,
  TraceQuery,
} from "./traceTypes";

/** Traces, sessions and metrics of one project (docs/api-traces.md). */

const project = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}`;
const trace = (projectId: string, traceId: string) =>
  `${project(projectId)}/traces/${encodeURIComponent(traceId)}`;

/** A query string with repeatable keys (`tag=a=1&tag=b=2`); empty values are skipped. */
export function searchOf(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === undefined || item === null || item === "") continue;
      if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") {
        params.append(key, String(item));
      }
    }
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function listTraces(
  projectId: string,
  query: TraceQuery,
  options?: RequestOptions,
): Promise<TracePage> {
  return api.get<TracePage>(`${project(projectId)}/traces${searchOf(query)}`, options);
}

/** The trace with light spans (no inputs, outputs, attributes or events): for the tree and waterfall. */
export function getTraceOutline(
  projectId: string,
  traceId: string,
  options?: RequestOptions,
): Promise<TraceOutline> {
  // Large traces (10,000 spans) take a while to serialise; allow for it.
  return api.get<TraceOutline>(trace(projectId, traceId), {
    timeoutMs: 60_000,
    ...options,
    query: { ...options?.query, spans: "summary" },
  });
}

/** One whole span of a trace. */
export function getSpan(
  projectId: string,
  traceId: string,
  spanId: string,
  options?: RequestOptions,
): Promise<Span> {
  return api.get<Span>(`${trace(projectId, traceId)}/spans/${encodeURIComponent(spanId)}`, options);
}

/** Sets one tag; answers the trace's tags. */
export async function setTraceTag(
  projectId: string,
  traceId: string,
  key: string,
  value: string,
): Promise<Record<string, string>> {
  const path = `${trace(projectId, traceId)}/tags/${encodeURIComponent(key)}`;
  return (await api.put<{ tags: Record<string, string> }>(path, { value })).tags;
}

export function deleteTraceTag(projectId: string, traceId: string, key: string): Promise<void> {
  return api.delete(`${trace(projectId, traceId)}/tags/${encodeURIComponent(key)}`);
}

export function listSessions(
  projectId: string,
  query: SessionQuery,
  options?: RequestOptions,
): Promise<SessionPage> {
  return api.get<SessionPage>(`${project(projectId)}/sessions${searchOf(query)}`, options);
}

export function getSession(
  projectId: string,
  sessionId: string,
  options?: RequestOptions,
): Promise<SessionDetail> {
  return api.get<SessionDetail>(`${project(projectId)}/sessions/${encodeURIComponent(sessionId)}`, options);
}

export function getMetrics(
  projectId: string,
  query: MetricsQuery,
  options?: RequestOptions,
): Promise<Metrics> {
  const values: Record<string, QueryValue> = { ...query };
  return api.get<Metrics>(`${project(projectId)}/metrics`, { ...options, query: values });
}
