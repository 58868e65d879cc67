import { beforeAll, describe, expect, it } from "vitest";
import { asUser } from "../test/accounts";
import { expectError } from "../test/helpers";
import { getJson, type Query, withQuery } from "../test/trace-api";
import {
  type BuiltTrace,
  buildTrace,
  hoursAgo,
  ingestTraces,
  type TraceProject,
  traceProject,
} from "../test/trace-fixtures";
import type { SessionPage, TraceSummary } from "./schemas";

describe("sessions", () => {
  let p: TraceProject;
  const chat = "chat/42 ü 会话"; // session ids are free text, beyond Latin-1 too
  let turns: BuiltTrace[];

  beforeAll(async () => {
    p = await traceProject();
    turns = [
      buildTrace({
        startMs: hoursAgo(5),
        sessionId: chat,
        userId: "u1",
        question: "Hi, my card was charged twice",
      }),
      buildTrace({ startMs: hoursAgo(4), sessionId: chat, userId: "u1", error: true, inputTokens: 500 }),
      buildTrace({ startMs: hoursAgo(3), sessionId: chat, userId: "u1", durationMs: 2500 }),
    ];
    await ingestTraces(p.ingestKey, [
      // Sent out of order, over two exports: sessions are assembled from whatever arrived.
      ...[turns[2], turns[0]].filter((t): t is BuiltTrace => t !== undefined),
      buildTrace({ startMs: hoursAgo(2), sessionId: "s2", userId: "u2", question: "Where is my parcel?" }),
      buildTrace({ startMs: hoursAgo(1), sessionId: "s2", userId: "u2", model: "gpt-4o" }),
      buildTrace({ startMs: hoursAgo(6), sessionId: "s3", userId: "u1" }),
      buildTrace({ startMs: hoursAgo(0, 60_000) }),
    ]);
    await ingestTraces(
      p.ingestKey,
      [turns[1]].filter((t): t is BuiltTrace => t !== undefined),
    );
  });

  const list = (query: Query = {}) =>
    getJson<SessionPage>(p.owner.cookie, withQuery(`/api/v1/projects/${p.owner.projectId}/sessions`, query));

  it("groups traces by session, most recent activity first, with figures over all turns", async () => {
    const { sessions, nextCursor } = await list();
    expect(sessions.map((s) => s.sessionId)).toEqual(["s2", chat, "s3"]);
    expect(nextCursor).toBeNull();
    const first = turns[0];
    const last = turns[2];
    expect(sessions[1]).toEqual({
      sessionId: chat,
      userId: "u1",
      turns: 3,
      firstTime: new Date(first?.spec.startMs ?? 0).toISOString(),
      lastTime: new Date((last?.spec.startMs ?? 0) + 2500).toISOString(),
      totalTokens: 120 + 520 + 120,
      costUsd: expect.any(Number),
      errorCount: 1,
      firstInputPreview: "Hi, my card was charged twice",
    });
    expect(sessions[1]?.costUsd).toBeCloseTo(((100 + 500 + 100) * 0.15 + 60 * 0.6) / 1e6, 12);
    expect(sessions[0]).toMatchObject({ turns: 2, userId: "u2", firstInputPreview: "Where is my parcel?" });
  });

  it("pages with a cursor, filters by user and by a time range (whole sessions)", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await list({ limit: 1, cursor });
      seen.push(...page.sessions.map((s) => s.sessionId));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(["s2", chat, "s3"]);
    expect((await list({ userId: "u1" })).sessions.map((s) => s.sessionId)).toEqual([chat, "s3"]);
    const ranged = await list({
      from: new Date(hoursAgo(4, -1000)).toISOString(),
      to: new Date(hoursAgo(2, -1000)).toISOString(),
    });
    expect(ranged.sessions.map((s) => [s.sessionId, s.turns])).toEqual([[chat, 3]]);
  });

  it("follows trace deletion: a session's last activity moves back, a session without turns is gone", async () => {
    const q = await traceProject();
    const early = buildTrace({ startMs: hoursAgo(5), sessionId: "a", question: "first question" });
    const late = buildTrace({ startMs: hoursAgo(1), sessionId: "a" });
    const only = buildTrace({ startMs: hoursAgo(3), sessionId: "b" });
    await ingestTraces(q.ingestKey, [early, late, only]);
    const listed = async () =>
      (
        await getJson<SessionPage>(q.owner.cookie, `/api/v1/projects/${q.owner.projectId}/sessions`)
      ).sessions.map((s) => [s.sessionId, s.turns, s.lastTime]);
    const end = (t: BuiltTrace) => new Date(t.spec.startMs + (t.spec.durationMs ?? 1000)).toISOString();
    expect(await listed()).toEqual([
      ["a", 2, end(late)],
      ["b", 1, end(only)],
    ]);
    const remove = (t: BuiltTrace) =>
      asUser(q.owner.cookie, `/api/v1/projects/${q.owner.projectId}/traces/${t.traceId}`, {
        method: "DELETE",
      });
    expect((await remove(late)).status).toBe(204);
    expect(await listed()).toEqual([
      ["b", 1, end(only)],
      ["a", 1, end(early)],
    ]);
    expect((await remove(only)).status).toBe(204);
    expect(await listed()).toEqual([["a", 1, end(early)]]);
  });

  it("returns one session's traces in time order, and 404 for unknown sessions", async () => {
    const path = `/api/v1/projects/${p.owner.projectId}/sessions/${encodeURIComponent(chat)}`;
    const session = await getJson<{ sessionId: string; traces: TraceSummary[] }>(p.owner.cookie, path);
    expect(session.sessionId).toBe(chat);
    expect(session.traces.map((t) => t.traceId)).toEqual(turns.map((t) => t.traceId));
    expect(session.traces.map((t) => t.status)).toEqual(["OK", "ERROR", "OK"]);
    await expectError(
      await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/sessions/nope`),
      404,
      "NOT_FOUND",
    );
    const other = await traceProject();
    await expectError(
      await asUser(other.owner.cookie, `/api/v1/projects/${other.owner.projectId}/sessions/s2`),
      404,
      "NOT_FOUND",
    );
  });

  it("answers 422 for bad parameters", async () => {
    const path = `/api/v1/projects/${p.owner.projectId}/sessions`;
    for (const [query, name] of [
      [{ limit: 0 }, "limit"],
      [{ from: "today" }, "from"],
      [{ from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }, "from"],
      [{ cursor: "zzz" }, "cursor"],
    ] as const) {
      const error = await expectError(
        await asUser(p.owner.cookie, withQuery(path, query)),
        422,
        "INVALID_INPUT",
      );
      expect(error.message).toContain(name);
    }
  });
});
