import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys } from "../../schema";
import { sha256Hex } from "../lib/crypto";
import { findFirst } from "../lib/db";
import { addMember, asKey, asUser, createKey, createProject, expireKey, signUp } from "../test/accounts";
import { eventually, expectError } from "../test/helpers";
import { testServices } from "../test/services";

type Whoami = { type: string; apiKey: { prefix: string }; projects: { id: string }[]; scopes: string[] };

describe("API keys", () => {
  it("shows the secret once, stores only its SHA-256, and the key answers whoami for its project", async () => {
    const owner = await signUp();
    const created = await createKey(owner, ["ingest", "read"]);
    expect(created.key).toMatch(/^sl_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);

    const row = await findFirst(testServices().db, apiKeys, eq(apiKeys.id, created.id));
    expect(row?.hash).toBe(await sha256Hex(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);

    const list = await (await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/api-keys`)).text();
    expect(list).toContain(created.prefix);
    expect(list).not.toContain(created.key);

    const me = (await (await asKey(created.key, "/api/v1/whoami")).json()) as Whoami;
    expect(me).toMatchObject({
      type: "api_key",
      scopes: ["ingest", "read"],
      apiKey: { prefix: created.prefix },
    });
    expect(me.projects.map((p) => p.id)).toEqual([owner.projectId]);
  });

  it("reaches only its own project, even inside its organization", async () => {
    const owner = await signUp();
    const second = await createProject(owner, "Second");
    const { key } = await createKey(owner, ["admin"]);
    expect((await asKey(key, `/api/v1/projects/${owner.projectId}`)).status).toBe(200);
    await expectError(await asKey(key, `/api/v1/projects/${second}`), 404, "NOT_FOUND");
    const listed = (await (await asKey(key, "/api/v1/projects")).json()) as { projects: { id: string }[] };
    expect(listed.projects.map((p) => p.id)).toEqual([owner.projectId]);
  });

  it("cannot be listed or revoked through a sibling project of the same organization", async () => {
    const owner = await signUp();
    const theirs = await createKey(owner, ["read"], await createProject(owner, "Sibling"));
    await expectError(
      await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/api-keys/${theirs.id}`, {
        method: "DELETE",
      }),
      404,
      "NOT_FOUND",
    );
    const listed = await (await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/api-keys`)).text();
    expect(listed).not.toContain(theirs.id);
    expect((await asKey(theirs.key, "/api/v1/whoami")).status).toBe(200);
  });

  it("stops working on the next request after revocation, and records who revoked it", async () => {
    const owner = await signUp();
    const { id, key } = await createKey(owner, ["read"]);
    expect((await asKey(key, "/api/v1/whoami")).status).toBe(200);
    expect(
      (await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/api-keys/${id}`, { method: "DELETE" }))
        .status,
    ).toBe(204);
    await expectError(await asKey(key, "/api/v1/whoami"), 401, "UNAUTHENTICATED");
    const log = (await (await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/audit-log`)).json()) as {
      entries: { action: string; target: { id: string } }[];
    };
    expect(log.entries.filter((e) => e.target.id === id).map((e) => e.action)).toEqual([
      "api_key.revoked",
      "api_key.created",
    ]);
  });

  it("expires, refuses an expiry in the past, and refuses malformed keys before any lookup", async () => {
    const owner = await signUp();
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const res = await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/api-keys`, {
      method: "POST",
      json: { name: "temp", scopes: ["read"], expiresAt: soon },
    });
    const created = (await res.json()) as { id: string; key: string; expiresAt: string };
    expect(created.expiresAt).toBe(soon);
    expect((await asKey(created.key, "/api/v1/whoami")).status).toBe(200);
    await expireKey(created.id);
    expect(
      (await expectError(await asKey(created.key, "/api/v1/whoami"), 401, "UNAUTHENTICATED")).message,
    ).toContain("expired");

    const past = await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}/api-keys`, {
      method: "POST",
      json: { name: "old", scopes: ["read"], expiresAt: "2020-01-01T00:00:00Z" },
    });
    await expectError(past, 422, "INVALID_INPUT");
    for (const bad of ["nope", "sl_short", `sl_${"x".repeat(42)}!`]) {
      // The format check's own answer: a lookup miss would say something else.
      const error = await expectError(await asKey(bad, "/api/v1/whoami"), 401, "UNAUTHENTICATED");
      expect(error.message).toContain("keys start with `sl_`");
    }
  });

  it("records when a key was last used", async () => {
    const owner = await signUp();
    const { id, key } = await createKey(owner, ["read"]);
    await asKey(key, "/api/v1/whoami");
    const used = await eventually(async () => {
      const row = await findFirst(testServices().db, apiKeys, eq(apiKeys.id, id));
      return row?.lastUsedAt ?? undefined;
    });
    expect(used).toBeGreaterThan(Date.now() - 60_000);
  });

  it("lets members create keys but only owners and admins grant the admin scope", async () => {
    const owner = await signUp();
    const member = await addMember(owner, "member");
    const path = `/api/v1/projects/${owner.projectId}/api-keys`;
    expect(
      (await asUser(member.cookie, path, { method: "POST", json: { name: "mine", scopes: ["ingest"] } }))
        .status,
    ).toBe(201);
    await expectError(
      await asUser(member.cookie, path, { method: "POST", json: { name: "too much", scopes: ["admin"] } }),
      403,
      "FORBIDDEN",
    );
    const viewer = await addMember(owner, "viewer");
    await expectError(await asUser(viewer.cookie, path), 403, "FORBIDDEN");
  });
});
