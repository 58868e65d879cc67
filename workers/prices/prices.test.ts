import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { traces } from "../../schema";
import { findFirst } from "../lib/db";
import { addMember, asUser, createKey, signUp } from "../test/accounts";
import { expectError } from "../test/helpers";
import { agentTrace, sendOtlpJson } from "../test/otlp";
import { testOrgDb } from "../test/services";

describe("model price overrides", () => {
  it("an organization's override changes the cost of spans ingested afterwards", async () => {
    const owner = await signUp();
    const { key } = await createKey(owner, ["ingest"]);
    const path = `/api/v1/orgs/${owner.orgId}/model-prices`;
    const put = await asUser(owner.cookie, path, {
      method: "PUT",
      json: { prices: [{ model: "gpt-4o-mini", inputPerMillion: 1, outputPerMillion: 2 }] },
    });
    expect(put.status).toBe(200);
    const listed = (await (await asUser(owner.cookie, path)).json()) as {
      overrides: { model: string }[];
      defaults: unknown[];
    };
    expect(listed.overrides.map((p) => p.model)).toEqual(["gpt-4o-mini"]);
    expect(listed.defaults.length).toBeGreaterThan(10);

    const t = agentTrace();
    await sendOtlpJson(key, t.spans);
    const row = await findFirst(
      testOrgDb(owner.orgId),
      traces,
      and(eq(traces.projectId, owner.projectId), eq(traces.traceId, t.traceId)),
    );
    expect(row?.costUsd).toBeCloseTo((1000 * 1 + 200 * 2) / 1e6, 10);
  });

  it("only owners and admins change prices, and duplicates are refused", async () => {
    const owner = await signUp();
    const member = await addMember(owner, "member");
    const path = `/api/v1/orgs/${owner.orgId}/model-prices`;
    const body = { prices: [{ model: "x", inputPerMillion: 1, outputPerMillion: 1 }] };
    await expectError(await asUser(member.cookie, path, { method: "PUT", json: body }), 403, "FORBIDDEN");
    expect((await asUser(member.cookie, path)).status).toBe(200);
    await expectError(
      await asUser(owner.cookie, path, { method: "PUT", json: { prices: [body.prices[0], body.prices[0]] } }),
      422,
      "INVALID_INPUT",
    );
  });
});
