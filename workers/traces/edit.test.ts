import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { asKey, asUser, createKey } from "../test/accounts";
import { expectError } from "../test/helpers";
import { newTraceId } from "../test/otlp";
import { testOrgDb } from "../test/services";
import { getJson, getTrace, listTraces, withQuery } from "../test/trace-api";
import { buildTrace, hoursAgo, ingestTraces, storedRows, traceProject } from "../test/trace-fixtures";
import type { TraceDetail } from "./schemas";

async function rollupTraces(projectId: string): Promise<number> {
  const [row] = await testOrgDb().all<{ n: number }>(
    sql`select coalesce(sum(traces), 0) as n from rollups where project_id = ${projectId} and model = ''`,
  );
  return Number(row?.n ?? 0);
}

describe("tags", () => {
  it("records every tag change in the audit log, with the key and the values before and after", async () => {
    const p = await traceProject();
    const t = buildTrace({ startMs: hoursAgo(1), tags: { env: "prod" } });
    await ingestTraces(p.ingestKey, [t]);
    const tagPath = `/api/v1/projects/${p.owner.projectId}/traces/${t.traceId}/tags/env`;
    expect(
      (await asUser(p.owner.cookie, tagPath, { method: "PUT", json: { value: "staging" } })).status,
    ).toBe(200);
    expect((await asUser(p.owner.cookie, tagPath, { method: "DELETE" })).status).toBe(204);
    // Removing a tag the trace no longer has changes nothing and records nothing.
    expect((await asUser(p.owner.cookie, tagPath, { method: "DELETE" })).status).toBe(204);
    type Entry = { action: string; target: { id: string }; metadata: Record<string, unknown> };
    const log = await getJson<{ entries: Entry[] }>(
      p.owner.cookie,
      `/api/v1/orgs/${p.owner.orgId}/audit-log`,
    );
    const tagEntries = log.entries.filter((e) => e.action.startsWith("trace.tag_"));
    expect(tagEntries.map((e) => [e.action, e.target.id, e.metadata])).toEqual([
      ["trace.tag_removed", t.traceId, { key: "env", was: "staging" }],
      ["trace.tag_set", t.traceId, { key: "env", value: "staging", was: "prod" }],
    ]);
  });

  it("sets, changes and removes a tag; the list filter follows each edit", async () => {
    const p = await traceProject();
    const [t, other] = [
      buildTrace({ startMs: hoursAgo(2), tags: { env: "prod" } }),
      buildTrace({ startMs: hoursAgo(1) }),
    ];
    await ingestTraces(p.ingestKey, [t, other]);
    const tagPath = (key: string) =>
      `/api/v1/projects/${p.owner.projectId}/traces/${t.traceId}/tags/${encodeURIComponent(key)}`;
    const tagged = async (filter: string) =>
      (await listTraces(p.owner.cookie, p.owner.projectId, { tag: filter })).traces.map((x) => x.traceId);

    const put = await asUser(p.owner.cookie, tagPath("reviewed"), { method: "PUT", json: { value: "yes" } });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ tags: { env: "prod", reviewed: "yes" } });
    expect(await tagged("reviewed=yes")).toEqual([t.traceId]);
    expect((await getTrace(p.owner.cookie, p.owner.projectId, t.traceId)).tags).toEqual({
      env: "prod",
      reviewed: "yes",
    });

    // Changing the value moves the facet: the old value no longer matches.
    const change = await asUser(p.owner.cookie, tagPath("reviewed"), {
      method: "PUT",
      json: { value: "no" },
    });
    expect(((await change.json()) as { tags: Record<string, string> }).tags.reviewed).toBe("no");
    expect(await tagged("reviewed=yes")).toEqual([]);
    expect(await tagged("reviewed=no")).toEqual([t.traceId]);

    // Tags that came with the spans can be edited too.
    await asUser(p.owner.cookie, tagPath("env"), { method: "PUT", json: { value: "staging" } });
    expect(await tagged("env=prod")).toEqual([]);
    expect(await tagged("env=staging")).toEqual([t.traceId]);

    const del = await asUser(p.owner.cookie, tagPath("reviewed"), { method: "DELETE" });
    expect(del.status).toBe(204);
    expect(await tagged("reviewed=no")).toEqual([]);
    expect((await getTrace(p.owner.cookie, p.owner.projectId, t.traceId)).tags).toEqual({ env: "staging" });
    // Removing an absent tag is fine; the other trace was never touched.
    expect((await asUser(p.owner.cookie, tagPath("reviewed"), { method: "DELETE" })).status).toBe(204);
    expect((await getTrace(p.owner.cookie, p.owner.projectId, other.traceId)).tags).toEqual({});
  });

  it("takes any key text (quotes, dots, spaces) and a write key", async () => {
    const p = await traceProject();
    const t = buildTrace({ startMs: hoursAgo(1) });
    await ingestTraces(p.ingestKey, [t]);
    const { key } = await createKey(p.owner, ["write"]);
    const odd = 'a.b "c" $[0]';
    const res = await asKey(
      key,
      `/api/v1/projects/${p.owner.projectId}/traces/${t.traceId}/tags/${encodeURIComponent(odd)}`,
      { method: "PUT", json: { value: "v 1" } },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ tags: { [odd]: "v 1" } });
    const found = await listTraces(p.owner.cookie, p.owner.projectId, { tag: `${odd}=v 1` });
    expect(found.traces.map((x) => x.traceId)).toEqual([t.traceId]);
  });

  it("answers 404 for unknown traces and 422 for bad keys and values", async () => {
    const p = await traceProject();
    const t = buildTrace({ startMs: hoursAgo(1) });
    await ingestTraces(p.ingestKey, [t]);
    const base = `/api/v1/projects/${p.owner.projectId}/traces`;
    const put = (traceId: string, key: string, json: unknown) =>
      asUser(p.owner.cookie, `${base}/${traceId}/tags/${encodeURIComponent(key)}`, { method: "PUT", json });
    await expectError(await put(newTraceId(), "k", { value: "v" }), 404, "NOT_FOUND");
    await expectError(
      await asUser(p.owner.cookie, `${base}/${newTraceId()}/tags/k`, { method: "DELETE" }),
      404,
      "NOT_FOUND",
    );
    expect(
      (await expectError(await put(t.traceId, "k".repeat(101), { value: "v" }), 422, "INVALID_INPUT"))
        .message,
    ).toContain("key");
    expect(
      (await expectError(await put(t.traceId, "a=b", { value: "v" }), 422, "INVALID_INPUT")).message,
    ).toContain("key");
    expect(
      (await expectError(await put(t.traceId, "k", { value: "v".repeat(1001) }), 422, "INVALID_INPUT"))
        .message,
    ).toContain("value");
    await expectError(await put(t.traceId, "k", { value: 3 }), 422, "INVALID_INPUT");
    await expectError(await put(t.traceId, "k", { value: "v", extra: true }), 422, "INVALID_INPUT");
    expect((await getTrace(p.owner.cookie, p.owner.projectId, t.traceId)).tags).toEqual({});
  });
});

describe("DELETE traces/{traceId}", () => {
  it("removes the trace with its spans, facets and text, keeps the rollups, and records who did it", async () => {
    const p = await traceProject();
    const [gone, kept] = [
      buildTrace({ startMs: hoursAgo(2), question: "Delete me please", tags: { env: "prod" }, tool: true }),
      buildTrace({ startMs: hoursAgo(1), question: "Keep me please", tags: { env: "prod" } }),
    ];
    await ingestTraces(p.ingestKey, [gone, kept]);
    expect(await storedRows(p.owner.projectId, gone.traceId)).toMatchObject({ spans: 3, text: 1, traces: 1 });
    const path = `/api/v1/projects/${p.owner.projectId}/traces/${gone.traceId}`;

    expect((await asUser(p.owner.cookie, path, { method: "DELETE" })).status).toBe(204);
    await expectError(await asUser(p.owner.cookie, path), 404, "NOT_FOUND");
    expect(await storedRows(p.owner.projectId, gone.traceId)).toEqual({
      spans: 0,
      facets: 0,
      text: 0,
      traces: 0,
    });
    expect(await storedRows(p.owner.projectId, kept.traceId)).toMatchObject({ spans: 2, text: 1, traces: 1 });
    const list = await listTraces(p.owner.cookie, p.owner.projectId, { contains: "me please" });
    expect(list.traces.map((t) => t.traceId)).toEqual([kept.traceId]);
    expect(await rollupTraces(p.owner.projectId)).toBe(2);
    await expectError(await asUser(p.owner.cookie, path, { method: "DELETE" }), 404, "NOT_FOUND");

    const log = await getJson<{ entries: { action: string; target: { id: string } }[] }>(
      p.owner.cookie,
      `/api/v1/orgs/${p.owner.orgId}/audit-log?action=trace.deleted`,
    );
    expect(log.entries.map((e) => e.target.id)).toEqual([gone.traceId]);
  });
});

describe("POST traces/delete", () => {
  it("deletes exactly the traces matching the filters, in this project only", async () => {
    const p = await traceProject();
    const neighbour = await traceProject();
    const staging = [0, 1, 2].map((i) =>
      buildTrace({ startMs: hoursAgo(5 - i), tags: { env: "staging" }, durationMs: 100 + i * 1000 }),
    );
    const prod = [0, 1, 2].map((i) =>
      buildTrace({
        startMs: hoursAgo(5 - i),
        tags: { env: "prod" },
        question: i === 0 ? "refund now" : undefined,
      }),
    );
    await ingestTraces(p.ingestKey, [...staging, ...prod]);
    const theirs = buildTrace({ startMs: hoursAgo(1), tags: { env: "staging" } });
    await ingestTraces(neighbour.ingestKey, [theirs]);
    const remove = (json: unknown) =>
      asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/traces/delete`, { method: "POST", json });

    // Two filters combine with AND: only the slow staging traces.
    const first = await remove({ tag: ["env=staging"], minLatencyMs: 1000 });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ deleted: 2 });
    const left = async () =>
      new Set((await listTraces(p.owner.cookie, p.owner.projectId)).traces.map((t) => t.traceId));
    expect(await left()).toEqual(new Set([staging[0], ...prod].map((t) => t?.traceId)));
    for (const t of staging.slice(1))
      expect(await storedRows(p.owner.projectId, t.traceId)).toEqual({
        spans: 0,
        facets: 0,
        text: 0,
        traces: 0,
      });

    // A text filter (the FTS index is read and written in the same batch).
    expect(await (await remove({ contains: "refund" })).json()).toEqual({ deleted: 1 });
    expect(await storedRows(p.owner.projectId, prod[0]?.traceId ?? "")).toEqual({
      spans: 0,
      facets: 0,
      text: 0,
      traces: 0,
    });

    // Times as ISO strings in JSON.
    expect(await (await remove({ to: new Date(hoursAgo(4)).toISOString() })).json()).toEqual({ deleted: 1 });
    expect(await left()).toEqual(new Set([prod[1]?.traceId, prod[2]?.traceId]));
    expect(await storedRows(p.owner.projectId, prod[1]?.traceId ?? "")).toMatchObject({
      spans: 2,
      text: 1,
      traces: 1,
    });
    expect(await (await remove({ tag: "env=staging" })).json()).toEqual({ deleted: 0 });

    // The neighbour's staging trace is untouched.
    expect(await storedRows(neighbour.owner.projectId, theirs.traceId)).toMatchObject({
      spans: 2,
      traces: 1,
    });
    const log = await getJson<{ entries: { action: string; metadata: { filter: unknown } }[] }>(
      p.owner.cookie,
      `/api/v1/orgs/${p.owner.orgId}/audit-log?action=traces.deleted_by_filter`,
    );
    expect(log.entries.at(-1)?.metadata.filter).toEqual({ tag: ["env=staging"], minLatencyMs: 1000 });
  });

  it("needs at least one filter and refuses unknown fields", async () => {
    const p = await traceProject();
    await ingestTraces(p.ingestKey, [buildTrace({ startMs: hoursAgo(1) })]);
    const remove = (json: unknown) =>
      asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/traces/delete`, { method: "POST", json });
    expect((await expectError(await remove({}), 422, "INVALID_INPUT")).message).toContain(
      "at least one filter",
    );
    await expectError(await remove({ tag: [] }), 422, "INVALID_INPUT");
    expect((await expectError(await remove({ tags: "env=prod" }), 422, "INVALID_INPUT")).message).toContain(
      "tags",
    );
    expect((await expectError(await remove({ contains: "ab" }), 422, "INVALID_INPUT")).message).toContain(
      "contains",
    );
    expect((await listTraces(p.owner.cookie, p.owner.projectId)).traces).toHaveLength(1);
  });

  it('never reads null, false, "" or true as a number: each is refused and deletes nothing', async () => {
    const p = await traceProject();
    await ingestTraces(p.ingestKey, [
      buildTrace({ startMs: hoursAgo(1) }),
      buildTrace({ startMs: hoursAgo(2) }),
    ]);
    const remove = (json: unknown) =>
      asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/traces/delete`, { method: "POST", json });
    for (const field of ["minLatencyMs", "maxLatencyMs", "minTokens", "maxTokens", "minCost", "maxCost"]) {
      for (const value of [null, false, true, "", "5"]) {
        const error = await expectError(await remove({ [field]: value }), 422, "INVALID_INPUT");
        expect(error.message, `${field}: ${JSON.stringify(value)}`).toContain(field);
      }
    }
    expect((await listTraces(p.owner.cookie, p.owner.projectId)).traces).toHaveLength(2);
  });

  it("still reads numbers from the list's query string, but refuses empty and non-numeric text", async () => {
    const p = await traceProject();
    await ingestTraces(p.ingestKey, [buildTrace({ startMs: hoursAgo(1), durationMs: 3000 })]);
    const list = (query: string) =>
      asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/traces?${query}`);
    const slow = (await (await list("minLatencyMs=2500")).json()) as { traces: unknown[] };
    expect(slow.traces).toHaveLength(1);
    const fast = (await (await list("maxLatencyMs=2500")).json()) as { traces: unknown[] };
    expect(fast.traces).toHaveLength(0);
    for (const bad of ["minLatencyMs=", "minTokens=abc", "maxCost=1e999x"])
      await expectError(await list(bad), 422, "INVALID_INPUT");
  });
});

describe("GET traces/export", () => {
  it("streams one full trace per line, in list order, past the internal page size, with filters and a limit", async () => {
    const p = await traceProject();
    const list = Array.from({ length: 130 }, (_, i) =>
      buildTrace({
        startMs: hoursAgo(3, i * 1000),
        tags: { parity: i % 2 === 0 ? "even" : "odd" },
        tool: i === 0,
      }),
    );
    await ingestTraces(p.ingestKey, list);
    const path = `/api/v1/projects/${p.owner.projectId}/traces/export`;
    const lines = async (query = {}) => {
      const res = await asUser(p.owner.cookie, withQuery(path, query));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/x-ndjson");
      const text = new TextDecoder().decode(await res.arrayBuffer());
      expect(text.endsWith("\n")).toBe(true);
      return text
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as TraceDetail);
    };

    const all = await lines();
    expect(all).toHaveLength(130);
    expect(new Set(all.map((t) => t.traceId)).size).toBe(130);
    const listed = [
      ...(await listTraces(p.owner.cookie, p.owner.projectId, { limit: 200 })).traces.map((t) => t.traceId),
    ];
    expect(all.map((t) => t.traceId)).toEqual(listed.slice(0, 130));
    const first = all.find((t) => t.traceId === list[0]?.traceId);
    expect(first?.spans.map((s) => s.spanType)).toEqual(["AGENT", "CHAT_MODEL", "TOOL"]);
    expect(first?.spans[1]?.inputs).toEqual([{ role: "user", content: "How do I reset my password?" }]);

    const even = await lines({ tag: "parity=even", sort: "time", order: "asc" });
    expect(even).toHaveLength(65);
    expect(even.every((t) => t.tags.parity === "even")).toBe(true);
    expect(even[0]?.traceId).toBe(list[0]?.traceId);
    expect(await lines({ limit: 7 })).toHaveLength(7);
    await expectError(await asUser(p.owner.cookie, withQuery(path, { limit: 10_001 })), 422, "INVALID_INPUT");
  });

  it("answers an empty body when nothing matches", async () => {
    const p = await traceProject();
    const res = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/traces/export`);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });
});
