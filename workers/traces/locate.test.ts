import { describe, expect, it } from "vitest";
import { addMember, asKey, asUser, createKey, createProject, signUp } from "../test/accounts";
import { call, expectError } from "../test/helpers";
import { buildTrace, hoursAgo, ingestTraces } from "../test/trace-fixtures";

describe("GET /api/v1/locate", () => {
  it("finds the project of a trace or a session among the viewer's projects, for any member", async () => {
    const owner = await signUp();
    const second = await createProject(owner, `second-${crypto.randomUUID()}`);
    const { key } = await createKey(owner, ["ingest"], second);
    const trace = buildTrace({ startMs: hoursAgo(1), sessionId: "locate-session" });
    await ingestTraces(key, [trace]);
    const viewer = await addMember(owner, "viewer");

    for (const who of [owner, viewer]) {
      const byTrace = await asUser(who.cookie, `/api/v1/locate?traceId=${trace.traceId.toUpperCase()}`);
      expect(byTrace.status).toBe(200);
      expect(await byTrace.json()).toEqual({ orgId: owner.orgId, projectId: second });
      const bySession = await asUser(who.cookie, "/api/v1/locate?sessionId=locate-session");
      expect(await bySession.json()).toEqual({ orgId: owner.orgId, projectId: second });
    }
  });

  it("answers 404 for another organization's trace, 401 without a session, 403 to an API key, 422 without one id", async () => {
    const owner = await signUp();
    const { key } = await createKey(owner, ["ingest"]);
    const trace = buildTrace({ startMs: hoursAgo(1) });
    await ingestTraces(key, [trace]);
    const stranger = await signUp();
    await expectError(
      await asUser(stranger.cookie, `/api/v1/locate?traceId=${trace.traceId}`),
      404,
      "NOT_FOUND",
    );
    await expectError(await call(`/api/v1/locate?traceId=${trace.traceId}`), 401, "UNAUTHENTICATED");
    const read = await createKey(owner, ["read"]);
    await expectError(await asKey(read.key, `/api/v1/locate?traceId=${trace.traceId}`), 403, "FORBIDDEN");
    await expectError(await asUser(owner.cookie, "/api/v1/locate"), 422, "INVALID_INPUT");
    await expectError(
      await asUser(owner.cookie, `/api/v1/locate?traceId=${trace.traceId}&sessionId=x`),
      422,
      "INVALID_INPUT",
    );
  });
});
