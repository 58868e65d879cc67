import { beforeAll, describe, expect, it } from "vitest";
import { asUser } from "../test/accounts";
import { expectError } from "../test/helpers";
import { allPages, listTraces, type Query, withQuery } from "../test/trace-api";
import {
  type BuiltTrace,
  buildTrace,
  hoursAgo,
  ingestTraces,
  type TraceProject,
  traceProject,
} from "../test/trace-fixtures";
import type { TraceSummary } from "./schemas";

const HOUR = 3_600_000;

/**
 * Five traces that differ in every filterable way:
 *   A 100 ms, support_agent, session sA, user u1, env=prod team=billing, region=eu, gpt-4o-mini, 120 tokens, TOOL span
 *   B 3 s, billing_agent, ERROR, session sA, user u1, env=staging, gpt-4o, 2500 tokens
 *   C 500 ms, support_agent, user u2, region=us, no model call (0 tokens, no cost)
 *   D 1.5 s, support_agent, env=prod, claude-3-5-sonnet, 400 tokens
 *   E 50 ms, triage, session sE, user u2, an unpriced model (15 tokens, no cost)
 */
describe("GET traces: filters", () => {
  let p: TraceProject;
  const base = hoursAgo(10, 17_000);
  const byLetter = new Map<string, BuiltTrace>();
  const letterOf = new Map<string, string>();

  beforeAll(async () => {
    p = await traceProject();
    const specs = {
      A: buildTrace({
        startMs: base,
        durationMs: 100,
        sessionId: "sA",
        userId: "u1",
        tags: { env: "prod", team: "billing" },
        metadata: { region: "eu" },
        model: "gpt-4o-mini",
        inputTokens: 100,
        outputTokens: 20,
        question: "Where is my refund?",
        tool: true,
      }),
      B: buildTrace({
        startMs: base + HOUR,
        durationMs: 3000,
        name: "billing_agent",
        error: true,
        sessionId: "sA",
        userId: "u1",
        tags: { env: "staging" },
        model: "gpt-4o",
        inputTokens: 2000,
        outputTokens: 500,
      }),
      C: buildTrace({
        startMs: base + 2 * HOUR,
        durationMs: 500,
        userId: "u2",
        metadata: { region: "us" },
        model: null,
        question: "Cancel my subscription",
      }),
      D: buildTrace({
        startMs: base + 3 * HOUR,
        durationMs: 1500,
        tags: { env: "prod" },
        model: "claude-3-5-sonnet",
        inputTokens: 300,
        outputTokens: 100,
        question: 'Invoice "INV-7" is wrong',
      }),
      E: buildTrace({
        startMs: base + 4 * HOUR,
        durationMs: 50,
        name: "triage",
        sessionId: "sE",
        userId: "u2",
        model: "my-custom-model",
        inputTokens: 10,
        outputTokens: 5,
      }),
    };
    for (const [letter, trace] of Object.entries(specs)) {
      byLetter.set(letter, trace);
      letterOf.set(trace.traceId, letter);
    }
    await ingestTraces(p.ingestKey, Object.values(specs));
  });

  const letters = (list: TraceSummary[]) => list.map((t) => letterOf.get(t.traceId) ?? "?");
  async function matching(query: Query): Promise<string> {
    const page = await listTraces(p.owner.cookie, p.owner.projectId, query);
    return letters(page.traces).sort().join("");
  }
  const iso = (ms: number) => new Date(ms).toISOString();

  it("without filters lists every trace with its summary", async () => {
    const { traces } = await listTraces(p.owner.cookie, p.owner.projectId);
    expect(letters(traces)).toEqual(["E", "D", "C", "B", "A"]);
    const a = traces.find((t) => t.traceId === byLetter.get("A")?.traceId);
    expect(a).toMatchObject({
      name: "support_agent",
      status: "OK",
      spanCount: 3,
      errorCount: 0,
      inputTokens: 100,
      outputTokens: 20,
      totalTokens: 120,
      sessionId: "sA",
      userId: "u1",
      inputPreview: "Where is my refund?",
      tags: { env: "prod", team: "billing" },
      metadata: { region: "eu" },
      models: ["gpt-4o-mini"],
      startTime: iso(base),
      endTime: iso(base + 100),
    });
    expect(a?.durationMs).toBeCloseTo(100, 3);
    expect(a?.costUsd).toBeCloseTo((100 * 0.15 + 20 * 0.6) / 1e6, 12);
    expect(traces.find((t) => letterOf.get(t.traceId) === "C")?.costUsd).toBeNull();
  });

  it("each filter narrows the list to exactly the matching traces", async () => {
    const cases: [Query, string][] = [
      [{ from: iso(base + HOUR), to: iso(base + 3 * HOUR) }, "BC"],
      [{ from: iso(base + 3 * HOUR) }, "DE"],
      [{ to: iso(base + 1) }, "A"],
      [{ status: "ERROR" }, "B"],
      [{ status: "OK" }, "ACDE"],
      [{ name: "support_agent" }, "ACD"],
      [{ spanType: "TOOL" }, "A"],
      [{ spanType: "CHAT_MODEL" }, "ABDE"],
      [{ spanType: "AGENT" }, "ABCDE"],
      [{ tag: "env=prod" }, "AD"],
      [{ tag: ["env=prod", "team=billing"] }, "A"],
      [{ tag: "env=staging" }, "B"],
      [{ tag: "env=dev" }, ""],
      [{ metadata: "region=eu" }, "A"],
      [{ metadata: "region=us" }, "C"],
      [{ sessionId: "sA" }, "AB"],
      [{ userId: "u2" }, "CE"],
      [{ model: "gpt-4o" }, "B"],
      [{ model: "gpt-4o-mini" }, "A"],
      [{ minLatencyMs: 500 }, "BCD"],
      [{ maxLatencyMs: 100 }, "AE"],
      [{ minLatencyMs: 100, maxLatencyMs: 1500 }, "ACD"],
      [{ minTokens: 400 }, "BD"],
      [{ maxTokens: 120 }, "ACE"],
      [{ minCost: 0.002 }, "BD"],
      [{ maxCost: 0.001 }, "A"],
      [{ contains: "refund" }, "A"],
      [{ contains: "REFUND" }, "A"],
      [{ contains: "subscription" }, "C"],
      [{ contains: '"INV-7"' }, "D"],
      [{ contains: "refund OR subscription" }, ""],
      [{ contains: "Reset password" }, "ABCDE"],
      [{ tag: "env=prod", minLatencyMs: 1000 }, "D"],
      [{ userId: "u1", status: "OK", spanType: "TOOL", contains: "refund" }, "A"],
    ];
    const failures: string[] = [];
    for (const [query, expected] of cases) {
      const got = await matching(query);
      if (got !== expected) failures.push(`${JSON.stringify(query)}: expected "${expected}", got "${got}"`);
    }
    expect(failures).toEqual([]);
  });

  it("sorts by time, latency, tokens and cost in both orders (unknown cost lowest)", async () => {
    const ids = (letter: string) => byLetter.get(letter)?.traceId ?? "";
    const nullCost = ["C", "E"].sort((x, y) => (ids(x) < ids(y) ? -1 : 1));
    const expected: Record<string, string[]> = {
      "time:desc": ["E", "D", "C", "B", "A"],
      "latency:desc": ["B", "D", "C", "A", "E"],
      "tokens:desc": ["B", "D", "A", "E", "C"],
      "cost:desc": ["B", "D", "A", ...[...nullCost].reverse()],
    };
    for (const [key, order] of Object.entries(expected)) {
      const [sort] = key.split(":");
      const desc = await listTraces(p.owner.cookie, p.owner.projectId, { sort, order: "desc" });
      expect(letters(desc.traces), key).toEqual(order);
      const asc = await listTraces(p.owner.cookie, p.owner.projectId, { sort, order: "asc" });
      expect(letters(asc.traces), `${sort}:asc`).toEqual([...order].reverse());
    }
    const byCost = await listTraces(p.owner.cookie, p.owner.projectId, { sort: "cost" });
    expect(letters(byCost.traces).slice(0, 3)).toEqual(["B", "D", "A"]);
  });

  it("pages every filtered trace exactly once", async () => {
    const { pages, traces } = await allPages(p.owner.cookie, p.owner.projectId, {
      tag: "env=prod",
      limit: 1,
    });
    expect(pages.map((page) => page.length)).toEqual([1, 1]);
    expect(letters(traces)).toEqual(["D", "A"]);
  });
});

describe("GET traces: pagination", () => {
  it("returns every trace exactly once across pages for every sort, with many ties", async () => {
    const p = await traceProject();
    const start = hoursAgo(30);
    // 23 traces: start times in groups of 5 (exact ties), few distinct token counts and
    // latencies, a third without any model (no cost).
    const list = Array.from({ length: 23 }, (_, i) =>
      buildTrace({
        startMs: start + Math.floor(i / 5) * 60_000,
        durationMs: [100, 200, 300][i % 3],
        model: i % 3 === 0 ? null : "gpt-4o-mini",
        inputTokens: [100, 200][i % 2],
        outputTokens: 10,
      }),
    );
    await ingestTraces(p.ingestKey, list);
    const all = new Set(list.map((t) => t.traceId));

    for (const sort of ["time", "latency", "tokens", "cost"]) {
      for (const order of ["desc", "asc"]) {
        const reference = (await listTraces(p.owner.cookie, p.owner.projectId, { sort, order })).traces;
        expect(reference).toHaveLength(23);
        const { pages, traces } = await allPages(p.owner.cookie, p.owner.projectId, {
          sort,
          order,
          limit: 4,
        });
        const label = `${sort}:${order}`;
        expect(
          pages.map((page) => page.length),
          label,
        ).toEqual([4, 4, 4, 4, 4, 3]);
        const ids = traces.map((t) => t.traceId);
        expect(new Set(ids).size, label).toBe(23);
        expect(new Set(ids), label).toEqual(all);
        expect(ids, label).toEqual(reference.map((t) => t.traceId));
        // The reference itself is sorted by the key, then by trace id.
        const key = (t: TraceSummary) =>
          sort === "time"
            ? Date.parse(t.startTime)
            : sort === "latency"
              ? t.durationMs
              : sort === "tokens"
                ? t.totalTokens
                : (t.costUsd ?? Number.NEGATIVE_INFINITY);
        const sign = order === "desc" ? -1 : 1;
        const sorted = [...reference].sort(
          (x, y) => sign * (key(x) - key(y) || (x.traceId < y.traceId ? -1 : x.traceId > y.traceId ? 1 : 0)),
        );
        expect(
          reference.map((t) => t.traceId),
          label,
        ).toEqual(sorted.map((t) => t.traceId));
      }
    }
  });

  it("refuses a cursor made for another sort, and a made-up one", async () => {
    const p = await traceProject();
    await ingestTraces(p.ingestKey, [
      buildTrace({ startMs: hoursAgo(2) }),
      buildTrace({ startMs: hoursAgo(1) }),
    ]);
    const first = await listTraces(p.owner.cookie, p.owner.projectId, { limit: 1 });
    expect(first.nextCursor).toEqual(expect.any(String));
    const path = `/api/v1/projects/${p.owner.projectId}/traces`;
    const wrongSort = await asUser(
      p.owner.cookie,
      withQuery(path, { limit: 1, sort: "latency", cursor: first.nextCursor ?? "" }),
    );
    expect((await expectError(wrongSort, 422, "INVALID_INPUT")).message).toContain("cursor");
    const madeUp = await asUser(p.owner.cookie, withQuery(path, { cursor: "not-a-cursor" }));
    expect((await expectError(madeUp, 422, "INVALID_INPUT")).message).toContain("cursor");
  });
});

describe("GET traces: bad parameters answer 422 naming the parameter", () => {
  it("validates every parameter", async () => {
    const p = await traceProject();
    const path = `/api/v1/projects/${p.owner.projectId}/traces`;
    const cases: [Query, string][] = [
      [{ contains: "ab" }, "contains: must be at least 3 characters"],
      [{ minLatencyMs: "fast" }, "minLatencyMs"],
      [{ maxCost: -1 }, "maxCost"],
      [{ minTokens: 1.5 }, "minTokens"],
      [{ status: "WARN" }, "status"],
      [{ tag: "env" }, "tag"],
      [{ metadata: ["region=eu", "=x"] }, "metadata"],
      [{ limit: 0 }, "limit"],
      [{ limit: 201 }, "limit"],
      [{ sort: "name" }, "sort"],
      [{ order: "up" }, "order"],
      [{ from: "yesterday" }, "from"],
      [{ minTokens: 10, maxTokens: 5 }, "minTokens: must not be above maxTokens"],
      [{ from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" }, "from"],
    ];
    for (const [query, message] of cases) {
      const error = await expectError(
        await asUser(p.owner.cookie, withQuery(path, query)),
        422,
        "INVALID_INPUT",
      );
      expect(error.message, JSON.stringify(query)).toContain(message);
    }
  });
});
