import { describe, expect, it } from "vitest";
import { addMember, asUser, type SignedUp, signUp } from "../test/accounts";
import { env, expectError } from "../test/helpers";
import { ownedRows } from "../test/security";
import type { ProviderView } from "./provider-schemas";

const path = (owner: SignedUp, rest = "") => `/api/v1/orgs/${owner.orgId}/judge-providers${rest}`;

async function addProvider(owner: SignedUp, body: Record<string, unknown> = {}): Promise<ProviderView> {
  const res = await asUser(owner.cookie, path(owner), {
    method: "POST",
    json: { name: "openai", baseUrl: env.TEST_OPENAI_URL, apiKey: "sk-test-provider-key-7Qz9", ...body },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as ProviderView;
}

describe("judge providers", () => {
  it("stores a provider with its key sealed: never answered, never in the database in clear", async () => {
    const owner = await signUp();
    const secretKey = `sk-live-${crypto.randomUUID()}`;
    const created = await addProvider(owner, {
      apiKey: secretKey,
      headers: { "OpenAI-Organization": "org-secret-42" },
    });
    expect(created).toMatchObject({
      name: "openai",
      baseUrl: env.TEST_OPENAI_URL,
      keyHint: `…${secretKey.slice(-4)}`,
      headerNames: ["OpenAI-Organization"],
    });
    const listed = await asUser(owner.cookie, path(owner));
    const text = await listed.text();
    expect(text).not.toContain(secretKey);
    expect(JSON.parse(text)).toEqual({ providers: [created] });
    // Every row the organization owns, every column, as stored: neither the key nor the header's value.
    const rows = JSON.stringify(
      await ownedRows({ org_id: [owner.orgId], project_id: [owner.projectId], user_id: [owner.userId] }),
    );
    expect(rows).toContain(created.id);
    expect(rows).not.toContain(secretKey);
    expect(rows).not.toContain("org-secret-42");
    // The audit log names the provider, not its key.
    const audit = await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/audit-log`);
    const auditText = await audit.text();
    expect(auditText).toContain("judge_provider.created");
    expect(auditText).not.toContain(secretKey);
  });

  it("tests the connection by listing the provider's models with its key", async () => {
    const owner = await signUp();
    const p = await addProvider(owner);
    const res = await asUser(owner.cookie, path(owner, `/${p.id}/test`), { method: "POST" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; models: string[] };
    expect(body.ok).toBe(true);
    expect(body.models.length).toBeGreaterThan(0);
  });

  it("says what went wrong when a provider cannot be reached, instead of failing the request", async () => {
    const owner = await signUp();
    const p = await addProvider(owner, { baseUrl: "http://127.0.0.1:9/v1" });
    const res = await asUser(owner.cookie, path(owner, `/${p.id}/test`), { method: "POST" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; error: string };
    expect(body.ok).toBe(false);
    expect(body.error).toContain("could not be reached at http://127.0.0.1:9/v1");
  });

  it("changes the key (sealed again, new hint), keeps the headers, refuses a taken name, and deletes", async () => {
    const owner = await signUp();
    const p = await addProvider(owner, { headers: { "X-Gateway": "g-1" } });
    await addProvider(owner, { name: "gateway" });
    const renamed = await asUser(owner.cookie, path(owner, `/${p.id}`), {
      method: "PATCH",
      json: { name: "gateway" },
    });
    await expectError(renamed, 409, "CONFLICT");
    const rekeyed = await asUser(owner.cookie, path(owner, `/${p.id}`), {
      method: "PATCH",
      json: { apiKey: "sk-new-key-AAAA" },
    });
    expect(rekeyed.status).toBe(200);
    expect(await rekeyed.json()).toMatchObject({ keyHint: "…AAAA", headerNames: ["X-Gateway"] });
    // The new key works: the connection test reaches the scripted server with it.
    const tested = await asUser(owner.cookie, path(owner, `/${p.id}/test`), { method: "POST" });
    expect(((await tested.json()) as { ok: boolean }).ok).toBe(true);
    expect((await asUser(owner.cookie, path(owner, `/${p.id}`), { method: "DELETE" })).status).toBe(204);
    const left = (await (await asUser(owner.cookie, path(owner))).json()) as { providers: ProviderView[] };
    expect(left.providers.map((x) => x.name)).toEqual(["gateway"]);
  });

  it("refuses bad input and lets only owners and admins manage providers", async () => {
    const owner = await signUp();
    const bad = [
      { name: "Open AI", baseUrl: env.TEST_OPENAI_URL, apiKey: "sk-12345678" },
      { name: "x", baseUrl: "ftp://example.com", apiKey: "sk-12345678" },
      { name: "x", baseUrl: env.TEST_OPENAI_URL, apiKey: "short" },
      {
        name: "x",
        baseUrl: env.TEST_OPENAI_URL,
        apiKey: "sk-12345678",
        headers: { Authorization: "Bearer x" },
      },
    ];
    for (const json of bad)
      await expectError(
        await asUser(owner.cookie, path(owner), { method: "POST", json }),
        422,
        "INVALID_INPUT",
      );
    const member = await addMember(owner, "member");
    const annotator = await addMember(owner, "annotator");
    const admin = await addMember(owner, "admin");
    const body = { method: "POST", json: { name: "x", baseUrl: env.TEST_OPENAI_URL, apiKey: "sk-12345678" } };
    await expectError(await asUser(member.cookie, path(owner), body), 403, "FORBIDDEN");
    expect((await asUser(member.cookie, path(owner))).status).toBe(200);
    await expectError(await asUser(annotator.cookie, path(owner)), 403, "FORBIDDEN");
    expect((await asUser(admin.cookie, path(owner), body)).status).toBe(201);
  });
});
