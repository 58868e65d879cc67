import { describe, expect, it } from "vitest";
import type { AssessmentView } from "../assessments/schemas";
import { asKey, asUser, createKey } from "../test/accounts";
import { expectError } from "../test/helpers";
import { getJson } from "../test/trace-api";
import { buildTrace, hoursAgo, ingestTraces, traceProject } from "../test/trace-fixtures";
import type { ScoreResult, ScorerVersionView, ScorerView } from "./schemas";

type Project = Awaited<ReturnType<typeof traceProject>>;
const scorersPath = (p: Project, rest = "") => `/api/v1/projects/${p.owner.projectId}/scorers${rest}`;
const keywords = (words: string[]) => ({ type: "rule", rule: { kind: "contains", keywords: words } });

async function score(p: Project, body: object, as = p.owner.cookie) {
  return asUser(as, `/api/v1/projects/${p.owner.projectId}/score`, { method: "POST", json: body });
}

describe("the scorer registry", () => {
  it("keeps every version immutable: a change makes the next version, the old one still runs", async () => {
    const p = await traceProject();
    const created = await asUser(p.owner.cookie, scorersPath(p), {
      method: "POST",
      json: { name: "mentions_refund", description: "Says refund", definition: keywords(["refund"]) },
    });
    expect(created.status).toBe(201);
    const s = (await created.json()) as ScorerView;
    expect(s).toMatchObject({
      name: "mentions_refund",
      kind: "rule",
      archived: false,
      latest: { version: 1 },
    });
    const v2 = await asUser(p.owner.cookie, scorersPath(p, `/${s.id}/versions`), {
      method: "POST",
      json: { definition: keywords(["refund", "days"]), message: "also the delay" },
    });
    expect(v2.status).toBe(201);
    expect(await v2.json()).toMatchObject({ version: 2, message: "also the delay" });
    const versions = await getJson<{ versions: ScorerVersionView[] }>(
      p.owner.cookie,
      scorersPath(p, `/${s.id}/versions`),
    );
    expect(versions.versions.map((v) => [v.version, v.definition])).toEqual([
      [
        2,
        {
          type: "rule",
          rule: { kind: "contains", keywords: ["refund", "days"], mode: "all", caseSensitive: false },
        },
      ],
      [
        1,
        { type: "rule", rule: { kind: "contains", keywords: ["refund"], mode: "all", caseSensitive: false } },
      ],
    ]);
    const target = { outputs: "Your refund is on its way" };
    const byOld = (await (
      await score(p, { target, scorer: { versionId: s.latest.id } })
    ).json()) as ScoreResult;
    const byLatest = (await (await score(p, { target, scorer: { scorerId: s.id } })).json()) as ScoreResult;
    expect([byOld.passed, byLatest.passed]).toEqual([true, false]);
    expect(byLatest.rationale).toContain('"days"');

    await expectError(
      await asUser(p.owner.cookie, scorersPath(p), {
        method: "POST",
        json: { name: "mentions_refund", definition: keywords(["x"]) },
      }),
      409,
      "CONFLICT",
    );
    const archived = await asUser(p.owner.cookie, scorersPath(p, `/${s.id}`), {
      method: "PATCH",
      json: { archived: true },
    });
    expect(await archived.json()).toMatchObject({ archived: true });
    expect((await getJson<{ scorers: ScorerView[] }>(p.owner.cookie, scorersPath(p))).scorers).toEqual([]);
    expect(
      (await getJson<{ scorers: ScorerView[] }>(p.owner.cookie, scorersPath(p, "?archived=true"))).scorers,
    ).toHaveLength(1);
  });

  it("refuses definitions that are not a known rule with its parameters", async () => {
    const p = await traceProject();
    for (const definition of [
      { type: "rule", rule: { kind: "contains" } },
      { type: "rule", rule: { kind: "regex", pattern: "(" } },
      { type: "rule", rule: { kind: "teleport" } },
      { type: "python", code: "return 1" },
    ])
      await expectError(
        await asUser(p.owner.cookie, scorersPath(p), { method: "POST", json: { name: "x", definition } }),
        422,
        "INVALID_INPUT",
      );
  });
});

describe("scoring", () => {
  it("scores a stored trace with its expectations and stores the result as CODE feedback naming the version", async () => {
    const p = await traceProject();
    const t = buildTrace({ startMs: hoursAgo(1) });
    await ingestTraces(p.ingestKey, [t]);
    const facts = await asUser(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/traces/${t.traceId}/assessments`,
      {
        method: "POST",
        json: { kind: "expectation", name: "expected_facts", value: ["zzz-not-said"] },
      },
    );
    expect(facts.status).toBe(201);
    const s = (await (
      await asUser(p.owner.cookie, scorersPath(p), {
        method: "POST",
        json: { name: "facts", definition: { type: "rule", rule: { kind: "facts_coverage" } } },
      })
    ).json()) as ScorerView;

    const res = await score(p, { target: { traceId: t.traceId }, scorer: { scorerId: s.id }, persist: true });
    expect(res.status).toBe(200);
    const result = (await res.json()) as ScoreResult;
    expect(result).toMatchObject({
      name: "facts",
      value: 0,
      passed: false,
      error: null,
      scorerVersionId: s.latest.id,
    });
    expect(result.assessmentId).not.toBeNull();
    const listed = await getJson<{ assessments: AssessmentView[] }>(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/traces/${t.traceId}/assessments`,
    );
    expect(listed.assessments.find((a) => a.id === result.assessmentId)).toMatchObject({
      kind: "feedback",
      name: "facts",
      value: 0,
      passed: false,
      source: { type: "CODE", id: "facts" },
      scorerVersionId: s.latest.id,
    });
  });

  it("answers an error, not a score, when a rule cannot apply; persisting needs feedback:write and a trace", async () => {
    const p = await traceProject();
    const inline = { name: "exact", definition: { type: "rule", rule: { kind: "exact_match" } } };
    const res = (await (
      await score(p, { target: { outputs: "Paris" }, scorer: inline })
    ).json()) as ScoreResult;
    expect(res).toMatchObject({ value: null, passed: null, error: { code: "MISSING_EXPECTATION" } });
    await expectError(
      await score(p, { target: { outputs: "Paris" }, scorer: inline, persist: true }),
      422,
      "INVALID_INPUT",
    );
    const t = buildTrace({ startMs: hoursAgo(1) });
    await ingestTraces(p.ingestKey, [t]);
    const read = await createKey(p.owner, ["read"]);
    const path = `/api/v1/projects/${p.owner.projectId}/score`;
    const body = {
      target: { traceId: t.traceId },
      scorer: { name: "ne", definition: { type: "rule", rule: { kind: "not_empty" } } },
    };
    expect((await asKey(read.key, path, { method: "POST", json: body })).status).toBe(200);
    await expectError(
      await asKey(read.key, path, { method: "POST", json: { ...body, persist: true } }),
      403,
      "FORBIDDEN",
    );
  });

  it("answers 404 for another project's scorer, version and trace", async () => {
    const p = await traceProject();
    const q = await traceProject();
    const theirs = (await (
      await asUser(q.owner.cookie, scorersPath(q), {
        method: "POST",
        json: { name: "x", definition: keywords(["a"]) },
      })
    ).json()) as ScorerView;
    const t = buildTrace({ startMs: hoursAgo(1) });
    await ingestTraces(q.ingestKey, [t]);
    await expectError(
      await score(p, { target: { outputs: "a" }, scorer: { scorerId: theirs.id } }),
      404,
      "NOT_FOUND",
    );
    await expectError(
      await score(p, { target: { outputs: "a" }, scorer: { versionId: theirs.latest.id } }),
      404,
      "NOT_FOUND",
    );
    const inline = { name: "x", definition: keywords(["a"]) };
    await expectError(await score(p, { target: { traceId: t.traceId }, scorer: inline }), 404, "NOT_FOUND");
  });
});
