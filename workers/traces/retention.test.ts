import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { projects, traces } from "../../schema";
import { createKey, signUp } from "../test/accounts";
import { agentTrace, sendOtlpJson } from "../test/otlp";
import { testServices } from "../test/services";
import { storedRows } from "../test/trace-fixtures";
import { enforceRetention } from "./retention";

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

    const left = await db
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
});
