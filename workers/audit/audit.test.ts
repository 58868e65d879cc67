import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, dataAuditLog } from "../../schema";
import { asUser, createKey } from "../test/accounts";
import { testOrgDb, testServices } from "../test/services";
import { getJson } from "../test/trace-api";
import { buildTrace, hoursAgo, ingestTraces, traceProject } from "../test/trace-fixtures";

type Page = { entries: { id: string; action: string; time: string }[]; nextCursor: string | null };

describe("the audit log across the seam", () => {
  it("merges the control plane's entries and the organization data's by time, newest first, page by page", async () => {
    const p = await traceProject();
    const t = buildTrace({ startMs: hoursAgo(1) });
    await ingestTraces(p.ingestKey, [t]);
    const base = `/api/v1/projects/${p.owner.projectId}`;
    // Alternate the sides: data, control, data, control.
    const steps = [
      () =>
        asUser(p.owner.cookie, `${base}/traces/${t.traceId}/tags/step`, {
          method: "PUT",
          json: { value: "1" },
        }),
      () => createKey(p.owner, ["read"]),
      () => asUser(p.owner.cookie, `${base}/traces/${t.traceId}/tags/step`, { method: "DELETE" }),
      () => asUser(p.owner.cookie, base, { method: "PATCH", json: { description: "merged" } }),
    ];
    for (const step of steps) {
      await step();
      await new Promise((r) => setTimeout(r, 5)); // distinct times, so the order is the steps'
    }
    const expected = ["settings.project_updated", "trace.tag_removed", "api_key.created", "trace.tag_set"];

    // Each side holds its own entries…
    const dataSide = await testOrgDb(p.owner.orgId)
      .select({ action: dataAuditLog.action })
      .from(dataAuditLog)
      .where(eq(dataAuditLog.orgId, p.owner.orgId));
    expect(dataSide.map((e) => e.action).sort()).toEqual(["trace.tag_removed", "trace.tag_set"]);
    const controlSide = await testServices()
      .db.select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.orgId, p.owner.orgId));
    expect(controlSide.map((e) => e.action)).not.toContain("trace.tag_set");

    // …and the API reads them as one log, in one page or one entry at a time.
    const all = await getJson<Page>(p.owner.cookie, `/api/v1/orgs/${p.owner.orgId}/audit-log?limit=4`);
    expect(all.entries.map((e) => e.action)).toEqual(expected);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page: Page = await getJson<Page>(
        p.owner.cookie,
        `/api/v1/orgs/${p.owner.orgId}/audit-log?limit=1${query}`,
      );
      paged.push(...page.entries.map((e) => e.action));
      cursor = page.nextCursor;
    } while (cursor && paged.length < expected.length);
    expect(paged).toEqual(expected);
    // Filters apply to both sides.
    const tagsOnly = await getJson<Page>(
      p.owner.cookie,
      `/api/v1/orgs/${p.owner.orgId}/audit-log?action=trace.tag_set`,
    );
    expect(tagsOnly.entries.map((e) => e.action)).toEqual(["trace.tag_set"]);
  });
});
