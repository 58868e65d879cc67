import { describe, expect, it } from "vitest";
import { asKey, asUser, createKey } from "../test/accounts";
import { dsPath, merge, newDataset, recordsAt } from "../test/datasets";
import { expectError } from "../test/helpers";
import { getJson } from "../test/trace-api";
import { traceProject } from "../test/trace-fixtures";
import type { DatasetView, DiffView, VersionView } from "./schemas";

describe("datasets", () => {
  it("are created, listed, searched, renamed and deleted by name within their project", async () => {
    const p = await traceProject();
    const a = await newDataset(p, "golden-set");
    expect(a).toMatchObject({ name: "golden-set", version: 0, recordCount: 0, importing: null });
    await newDataset(p, "regressions");
    await expectError(
      await asUser(p.owner.cookie, dsPath(p), { method: "POST", json: { name: "golden-set" } }),
      409,
      "CONFLICT",
    );
    await expectError(
      await asUser(p.owner.cookie, dsPath(p), { method: "POST", json: { name: " " } }),
      422,
      "INVALID_INPUT",
    );
    const list = await getJson<{ datasets: DatasetView[] }>(p.owner.cookie, dsPath(p, "?sort=name"));
    expect(list.datasets.map((d) => d.name)).toEqual(["golden-set", "regressions"]);
    const searched = await getJson<{ datasets: DatasetView[] }>(p.owner.cookie, dsPath(p, "?search=REGR"));
    expect(searched.datasets.map((d) => d.name)).toEqual(["regressions"]);
    const paged = await getJson<{ datasets: DatasetView[]; nextCursor: string }>(
      p.owner.cookie,
      dsPath(p, "?sort=name&limit=1"),
    );
    const second = await getJson<{ datasets: DatasetView[]; nextCursor: null }>(
      p.owner.cookie,
      dsPath(p, `?sort=name&limit=1&cursor=${encodeURIComponent(paged.nextCursor)}`),
    );
    expect([...paged.datasets, ...second.datasets].map((d) => d.name)).toEqual(["golden-set", "regressions"]);
    const renamed = await asUser(p.owner.cookie, dsPath(p, `/${a.id}`), {
      method: "PATCH",
      json: { name: "golden", tags: { team: "support" } },
    });
    expect(await renamed.json()).toMatchObject({ name: "golden", tags: { team: "support" }, version: 0 });
    expect((await asUser(p.owner.cookie, dsPath(p, `/${a.id}`), { method: "DELETE" })).status).toBe(204);
    await expectError(await asUser(p.owner.cookie, dsPath(p, `/${a.id}`)), 404, "NOT_FOUND");
    // Its name is free again.
    await newDataset(p, "golden");
    const audit = await getJson<{ entries: { action: string; metadata: Record<string, unknown> }[] }>(
      p.owner.cookie,
      `/api/v1/orgs/${p.owner.orgId}/audit-log`,
    );
    expect(audit.entries.filter((e) => e.action === "dataset.delete").map((e) => e.metadata)).toEqual([
      { version: 0, records: 0 },
    ]);
  });

  it("merge dedupes on canonical inputs, merges expectations and tags, replaces outputs, counts each", async () => {
    const p = await traceProject();
    const d = await newDataset(p);
    const first = await merge(p, d.id, [
      { inputs: { question: "Refund?", locale: "en" }, expectations: { expected_response: "Yes, 14 days." } },
      { inputs: { question: "Hours?" }, outputs: "9 to 5", tags: { area: "store" } },
    ]);
    expect(first).toEqual({ version: 1, inserted: 2, updated: 0, unchanged: 0 });
    const second = await merge(p, d.id, [
      // Same inputs, other key order and number spelling: the same record.
      { inputs: { locale: "en", question: "Refund?" }, expectations: { expected_facts: ["14 days"] } },
      { inputs: { question: "Hours?" }, tags: { area: "store" } },
      { inputs: { question: "New one" } },
    ]);
    expect(second).toEqual({ version: 2, inserted: 1, updated: 1, unchanged: 1 });
    const { records, total, version } = await recordsAt(p, d.id);
    expect({ total, version }).toEqual({ total: 3, version: 2 });
    const refund = records.find((r) => r.inputs.question === "Refund?");
    expect(refund?.expectations).toEqual({ expected_response: "Yes, 14 days.", expected_facts: ["14 days"] });
    expect(refund?.source).toEqual({ type: "human", id: p.owner.userId });
    const again = await merge(p, d.id, [{ inputs: { question: "Hours?" }, outputs: "10 to 6" }]);
    expect(again).toMatchObject({ version: 3, updated: 1 });
    expect((await recordsAt(p, d.id)).records.find((r) => r.inputs.question === "Hours?")?.outputs).toBe(
      "10 to 6",
    );
    // Nothing changed: no new version.
    expect(await merge(p, d.id, [{ inputs: { question: "Hours?" }, outputs: "10 to 6" }])).toEqual({
      version: 3,
      inserted: 0,
      updated: 0,
      unchanged: 1,
    });
    // A bad record refuses the whole request and changes nothing.
    const bad = await asUser(p.owner.cookie, dsPath(p, `/${d.id}/records`), {
      method: "POST",
      json: {
        records: [
          { inputs: { q: "fine" } },
          { inputs: { q: "x" }, expectations: { expected_facts: "not a list" } },
        ],
      },
    });
    const body = await expectError(bad, 422, "INVALID_INPUT");
    expect(JSON.stringify(body)).toContain("expected_facts");
    expect((await recordsAt(p, d.id)).total).toBe(3);
  });

  it("keeps every version readable: records at N after later edits and deletes, a diff, a restore", async () => {
    const p = await traceProject();
    const d = await newDataset(p);
    await merge(p, d.id, [{ inputs: { q: "a" } }, { inputs: { q: "b" } }, { inputs: { q: "c" } }], "seed");
    const v1 = await recordsAt(p, d.id);
    const b = v1.records.find((r) => r.inputs.q === "b");
    const c = v1.records.find((r) => r.inputs.q === "c");
    if (!b || !c) throw new Error("seeded records missing");
    const edited = await asUser(p.owner.cookie, dsPath(p, `/${d.id}/records/${b.id}`), {
      method: "PATCH",
      json: { expectations: { expected_response: "B!" }, message: "answer for b" },
    });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({
      version: 2,
      record: { id: b.id, expectations: { expected_response: "B!" } },
    });
    const deleted = await asUser(p.owner.cookie, dsPath(p, `/${d.id}/records/delete`), {
      method: "POST",
      json: { ids: [c.id] },
    });
    expect(await deleted.json()).toEqual({ version: 3, deleted: 1 });
    await merge(p, d.id, [{ inputs: { q: "d" } }]);

    const at1 = await recordsAt(p, d.id, "?version=1");
    expect(at1.records.map((r) => [r.inputs.q, r.expectations])).toEqual([
      ["a", {}],
      ["b", {}],
      ["c", {}],
    ]);
    const now = await recordsAt(p, d.id);
    expect(now.records.map((r) => r.inputs.q)).toEqual(["a", "b", "d"]);
    expect(now.records.find((r) => r.id === b.id)?.expectations).toEqual({ expected_response: "B!" });

    const versions = await getJson<{ versions: VersionView[] }>(
      p.owner.cookie,
      dsPath(p, `/${d.id}/versions`),
    );
    expect(versions.versions.map((v) => [v.version, v.kind, v.recordCount])).toEqual([
      [4, "merge", 3],
      [3, "delete", 2],
      [2, "edit", 3],
      [1, "merge", 3],
    ]);
    expect(versions.versions[3]?.message).toBe("seed");

    const diff = await getJson<DiffView>(p.owner.cookie, dsPath(p, `/${d.id}/diff?from=1&to=4`));
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1 });
    expect(diff.changes.map((c) => [c.change, (c.after ?? c.before)?.inputs.q])).toEqual(
      expect.arrayContaining([
        ["changed", "b"],
        ["removed", "c"],
        ["added", "d"],
      ]),
    );
    const changed = diff.changes.find((x) => x.change === "changed");
    expect([changed?.before?.expectations, changed?.after?.expectations]).toEqual([
      {},
      { expected_response: "B!" },
    ]);

    const restored = await asUser(p.owner.cookie, dsPath(p, `/${d.id}/versions/1/restore`), {
      method: "POST",
      json: {},
    });
    expect(await restored.json()).toEqual({ version: 5, inserted: 1, updated: 1, deleted: 1 });
    const back = await recordsAt(p, d.id);
    expect(back.records.map((r) => [r.id, r.inputs.q, r.expectations])).toEqual(
      at1.records.map((r) => [r.id, r.inputs.q, r.expectations]),
    );
    // Version 5 holds what version 1 held: no differences, and restoring 1 again changes nothing.
    const same = await getJson<DiffView>(p.owner.cookie, dsPath(p, `/${d.id}/diff?from=1&to=5`));
    expect([same.counts, same.changes]).toEqual([{ added: 0, removed: 0, changed: 0 }, []]);
    const again = await asUser(p.owner.cookie, dsPath(p, `/${d.id}/versions/1/restore`), {
      method: "POST",
      json: {},
    });
    expect(await again.json()).toEqual({ version: 5, inserted: 0, updated: 0, deleted: 0 });
    await expectError(
      await asUser(p.owner.cookie, dsPath(p, `/${d.id}/records?version=9`)),
      404,
      "NOT_FOUND",
    );
  });

  it("refuses an edit that gives a record another record's inputs, and deletes all or nothing", async () => {
    const p = await traceProject();
    const d = await newDataset(p);
    await merge(p, d.id, [{ inputs: { q: "a" } }, { inputs: { q: "b" } }]);
    const [a, b] = (await recordsAt(p, d.id)).records;
    if (!a || !b) throw new Error("records missing");
    await expectError(
      await asUser(p.owner.cookie, dsPath(p, `/${d.id}/records/${a.id}`), {
        method: "PATCH",
        json: { inputs: { q: "b" } },
      }),
      409,
      "CONFLICT",
    );
    await expectError(
      await asUser(p.owner.cookie, dsPath(p, `/${d.id}/records/delete`), {
        method: "POST",
        json: { ids: [a.id, "dsr_nope"] },
      }),
      404,
      "NOT_FOUND",
    );
    expect((await recordsAt(p, d.id)).total).toBe(2);
    expect((await getJson<DatasetView>(p.owner.cookie, dsPath(p, `/${d.id}`))).version).toBe(1);
  });

  it("lets read keys and viewers read, and only writers change", async () => {
    const p = await traceProject();
    const d = await newDataset(p);
    await merge(p, d.id, [{ inputs: { q: "a" }, tags: { split: "test" } }, { inputs: { q: "b" } }]);
    const { key: reader } = await createKey(p.owner, ["read"]);
    const { key: writer } = await createKey(p.owner, ["write"]);
    expect((await asKey(reader, dsPath(p, `/${d.id}/records`))).status).toBe(200);
    await expectError(
      await asKey(reader, dsPath(p, `/${d.id}/records`), {
        method: "POST",
        json: { records: [{ inputs: { q: "x" } }] },
      }),
      403,
      "FORBIDDEN",
    );
    const byKey = await asKey(writer, dsPath(p, `/${d.id}/records`), {
      method: "POST",
      json: { records: [{ inputs: { q: "from code" } }] },
    });
    expect(byKey.status).toBe(200);
    const tagged = await recordsAt(p, d.id, "?tag=split:test");
    expect(tagged.records.map((r) => r.inputs.q)).toEqual(["a"]);
    const coded = await recordsAt(p, d.id, "?source=code");
    expect(coded.records.map((r) => r.inputs.q)).toEqual(["from code"]);
    const found = await recordsAt(p, d.id, "?search=FROM%20CODE");
    expect(found.total).toBe(1);
    const page2 = await recordsAt(p, d.id, "?limit=2&page=2");
    expect(page2.records.map((r) => r.inputs.q)).toEqual(["from code"]);
  });
});
