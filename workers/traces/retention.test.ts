import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { projects, traces } from "../../schema";
import { createKey, signUp } from "../test/accounts";
import { eventually } from "../test/helpers";
import { agentTrace, sendOtlpJson } from "../test/otlp";
import { testOrgDb, testServices } from "../test/services";
import { storedRows } from "../test/trace-fixtures";
import { enforceRetention, retention } from "./retention";

describe("retention", () => {
  it("deletes traces older than the project's retention, with their spans, and keeps newer ones", async () => {
    const owner = await signUp();
    const { key } = await createKey(owner, ["ingest"]);
    const { db } = testServices();
    await db.update(projects).set({ retentionDays: 7 }).where(eq(projects.id, owner.projectId));
    const old = agentTrace({ startMs: Date.now() - 8 * 86_400_000 });
    const fresh = agentTrace({ startMs: Date.now() - 6 * 86_400_000 });
    expect((await sendOtlpJson(key, [...old.spans, ...fresh.spans])).status).toBe(200);

    await enforceRetention(testServices());

    const left = await testOrgDb(owner.orgId)
      .select({ id: traces.traceId })
      .from(traces)
      .where(eq(traces.projectId, owner.projectId));
    expect(left.map((t) => t.id)).toEqual([fresh.traceId]);
    expect(await storedRows(owner.projectId, old.traceId)).toEqual({
      spans: 0,
      facets: 0,
      text: 0,
      traces: 0,
    });
    expect(await storedRows(owner.projectId, fresh.traceId)).toMatchObject({ spans: 4, text: 1, traces: 1 });
  });

  it("runs as one queued job per organization, each deleting only its own expired traces", async () => {
    const { db } = testServices();
    const orgs = await Promise.all([signUp(), signUp()]);
    const sent = [];
    for (const owner of orgs) {
      const { key } = await createKey(owner, ["ingest"]);
      await db.update(projects).set({ retentionDays: 3 }).where(eq(projects.id, owner.projectId));
      const old = agentTrace({ startMs: Date.now() - 4 * 86_400_000 });
      const fresh = agentTrace({ startMs: Date.now() - 2 * 86_400_000 });
      expect((await sendOtlpJson(key, [...old.spans, ...fresh.spans])).status).toBe(200);
      sent.push({ owner, old, fresh });
    }
    // The cron only queues; the jobs (one per organization) do the deleting.
    await retention.run(testServices());
    for (const { owner, fresh } of sent) {
      await eventually(
        async () => {
          const left = await testOrgDb(owner.orgId)
            .select({ id: traces.traceId })
            .from(traces)
            .where(eq(traces.projectId, owner.projectId));
          return left.length === 1 && left[0]?.id === fresh.traceId ? true : undefined;
        },
        { what: `the retention job of ${owner.orgId}` },
      );
    }
  });
});
