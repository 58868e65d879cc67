import { describe, expect, it } from "vitest";
import { addMember, asKey, asUser, createKey } from "../test/accounts";
import { expectError } from "../test/helpers";
import { documentedOperations } from "../test/security";
import { getTrace } from "../test/trace-api";
import { buildTrace, hoursAgo, ingestTraces, traceProject } from "../test/trace-fixtures";

describe("traces API access", () => {
  it("documents every route of the contract, so the shared security check covers them", async () => {
    const routes = (await documentedOperations()).map((op) => `${op.method} ${op.path}`);
    const base = "/api/v1/projects/{projectId}";
    expect(routes).toEqual(
      expect.arrayContaining([
        `GET ${base}/traces`,
        `GET ${base}/traces/{traceId}`,
        `GET ${base}/traces/{traceId}/spans/{spanId}`,
        `PUT ${base}/traces/{traceId}/tags/{key}`,
        `DELETE ${base}/traces/{traceId}/tags/{key}`,
        `DELETE ${base}/traces/{traceId}`,
        `POST ${base}/traces/delete`,
        `GET ${base}/traces/export`,
        `GET ${base}/sessions`,
        `GET ${base}/sessions/{sessionId}`,
        `GET ${base}/metrics`,
      ]),
    );
  });

  it("reads need traces:read; edits need project:write", async () => {
    const p = await traceProject();
    const t = buildTrace({ startMs: hoursAgo(1), sessionId: "s" });
    await ingestTraces(p.ingestKey, [t]);
    const [viewer, annotator] = [await addMember(p.owner, "viewer"), await addMember(p.owner, "annotator")];
    const { key: readKey } = await createKey(p.owner, ["read"]);
    const base = `/api/v1/projects/${p.owner.projectId}`;
    const reads = [
      `${base}/traces`,
      `${base}/traces/${t.traceId}`,
      `${base}/traces/${t.traceId}?spans=summary`,
      `${base}/traces/${t.traceId}/spans/${t.rootSpanId}`,
      `${base}/traces/export`,
      `${base}/sessions`,
      `${base}/sessions/s`,
      `${base}/metrics`,
    ];
    for (const path of reads) {
      expect((await asUser(viewer.cookie, path)).status, path).toBe(200);
      expect((await asUser(annotator.cookie, path)).status, path).toBe(200);
      expect((await asKey(readKey, path)).status, path).toBe(200);
      await expectError(await asKey(p.ingestKey, path), 403, "FORBIDDEN");
    }
    const tag = `${base}/traces/${t.traceId}/tags/k`;
    await expectError(
      await asUser(viewer.cookie, tag, { method: "PUT", json: { value: "v" } }),
      403,
      "FORBIDDEN",
    );
    await expectError(await asKey(readKey, tag, { method: "PUT", json: { value: "v" } }), 403, "FORBIDDEN");
    await expectError(
      await asKey(readKey, `${base}/traces/delete`, { method: "POST", json: { status: "OK" } }),
      403,
      "FORBIDDEN",
    );
    await expectError(
      await asUser(annotator.cookie, `${base}/traces/${t.traceId}`, { method: "DELETE" }),
      403,
      "FORBIDDEN",
    );
    expect((await getTrace(p.owner.cookie, p.owner.projectId, t.traceId)).tags).toEqual({});
  });

  it("another tenant's trace id answers 404 in one's own project, and changes nothing", async () => {
    const mine = await traceProject();
    const theirs = await traceProject();
    const t = buildTrace({ startMs: hoursAgo(1), tags: { env: "prod" } });
    await ingestTraces(theirs.ingestKey, [t]);
    const { key } = await createKey(mine.owner, ["admin"]);
    const base = `/api/v1/projects/${mine.owner.projectId}/traces/${t.traceId}`;
    await expectError(await asKey(key, base), 404, "NOT_FOUND");
    await expectError(
      await asKey(key, `${base}/tags/env`, { method: "PUT", json: { value: "x" } }),
      404,
      "NOT_FOUND",
    );
    await expectError(await asKey(key, `${base}/tags/env`, { method: "DELETE" }), 404, "NOT_FOUND");
    await expectError(await asKey(key, base, { method: "DELETE" }), 404, "NOT_FOUND");
    const still = await getTrace(theirs.owner.cookie, theirs.owner.projectId, t.traceId);
    expect(still.tags).toEqual({ env: "prod" });
    expect(still.spans).toHaveLength(2);
  });
});
