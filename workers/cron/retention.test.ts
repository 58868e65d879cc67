import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { projects, traces } from "../../schema";
import { createKey, signUp } from "../test/accounts";
import { agentTrace, sendOtlpJson } from "../test/otlp";
import { testServices } from "../test/services";
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
    const spanCount = async (traceId: string) =>
      Number(
        (
          await db.all<{ n: number }>(
            sql`select count(*) as n from spans where project_id = ${owner.projectId} and trace_id = ${traceId}`,
          )
        )[0]?.n,
      );
    expect(await spanCount(old.traceId)).toBe(0);
    expect(await spanCount(fresh.traceId)).toBe(4);
    const facets = await db.all<{ n: number }>(
      sql`select count(*) as n from trace_facets where project_id = ${owner.projectId} and trace_id = ${old.traceId}`,
    );
    expect(Number(facets[0]?.n)).toBe(0);
    expect(
      await db.query.traces.findFirst({
        where: and(eq(traces.projectId, owner.projectId), eq(traces.traceId, fresh.traceId)),
      }),
    ).toBeDefined();
  });
});
