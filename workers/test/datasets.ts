/** Dataset tests' fixtures: a project's datasets through the API. */
import { expect } from "vitest";
import type { DatasetView, RecordView } from "../datasets/schemas";
import { asUser } from "./accounts";
import { getJson } from "./trace-api";
import type { traceProject } from "./trace-fixtures";

export type Project = Awaited<ReturnType<typeof traceProject>>;
export const dsPath = (p: Project, rest = "") => `/api/v1/projects/${p.owner.projectId}/datasets${rest}`;

export async function newDataset(p: Project, name = `ds-${crypto.randomUUID().slice(0, 8)}`) {
  const res = await asUser(p.owner.cookie, dsPath(p), { method: "POST", json: { name } });
  expect(res.status).toBe(201);
  return (await res.json()) as DatasetView;
}
export async function merge(p: Project, id: string, records: object[], message?: string) {
  const res = await asUser(p.owner.cookie, dsPath(p, `/${id}/records`), {
    method: "POST",
    json: { records, ...(message ? { message } : {}) },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { version: number; inserted: number; updated: number; unchanged: number };
}
export async function recordsAt(p: Project, id: string, query = "") {
  return getJson<{ records: RecordView[]; version: number; total: number; nextCursor: string | null }>(
    p.owner.cookie,
    dsPath(p, `/${id}/records${query}`),
  );
}
