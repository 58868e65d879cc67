/** Small readers for the traces API in tests: typed GETs and query strings with repeated keys. */
import { expect } from "vitest";
import type { Span, TraceDetail, TraceOutline, TraceSummary } from "../traces/schemas";
import { asUser } from "./accounts";

export type Query = Record<string, string | number | string[] | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function getJson<T>(cookie: string, path: string): Promise<T> {
  const res = await asUser(cookie, path);
  const body = await res.text();
  expect(res.status, body).toBe(200);
  return JSON.parse(body) as T;
}

export type TracePage = { traces: TraceSummary[]; nextCursor: string | null };

export function listTraces(cookie: string, projectId: string, query: Query = {}): Promise<TracePage> {
  return getJson<TracePage>(
    cookie,
    withQuery(`/api/v1/projects/${projectId}/traces`, { limit: 200, ...query }),
  );
}

/** Every page of a listing, following nextCursor. */
export async function allPages(
  cookie: string,
  projectId: string,
  query: Query,
): Promise<{ pages: TraceSummary[][]; traces: TraceSummary[] }> {
  const pages: TraceSummary[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await listTraces(cookie, projectId, { ...query, cursor });
    pages.push(page.traces);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { pages, traces: pages.flat() };
}

export function getTrace(cookie: string, projectId: string, traceId: string): Promise<TraceDetail> {
  return getJson<TraceDetail>(cookie, `/api/v1/projects/${projectId}/traces/${traceId}`);
}

/** The trace with span summaries (`spans=summary`). */
export function getTraceOutline(cookie: string, projectId: string, traceId: string): Promise<TraceOutline> {
  return getJson<TraceOutline>(cookie, `/api/v1/projects/${projectId}/traces/${traceId}?spans=summary`);
}

export function getSpan(cookie: string, projectId: string, traceId: string, spanId: string): Promise<Span> {
  return getJson<Span>(cookie, `/api/v1/projects/${projectId}/traces/${traceId}/spans/${spanId}`);
}
