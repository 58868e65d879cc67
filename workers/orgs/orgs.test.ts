import { describe, expect, it } from "vitest";
import { addMember, asUser, signUp } from "../test/accounts";
import { expectError } from "../test/helpers";

type Members = { members: { userId: string; role: string }[] };

describe("organizations, members and invitations", () => {
  it("invites by link with a role; the invitee joins and sees the organization", async () => {
    const owner = await signUp({ organization: "Initech" });
    const invite = await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/invitations`, {
      method: "POST",
      json: { role: "annotator" },
    });
    expect(invite.status).toBe(201);
    const { inviteUrl, id } = (await invite.json()) as { inviteUrl: string; id: string };
    const token = inviteUrl.split("/invite/")[1] ?? "";

    const preview = (await (await asUser("", `/api/v1/invitations/${token}`)).json()) as {
      organization: { name: string };
      role: string;
    };
    expect(preview).toMatchObject({ organization: { name: "Initech" }, role: "annotator" });

    const pending = (await (
      await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/invitations`)
    ).json()) as { invitations: { id: string }[] };
    expect(pending.invitations.map((i) => i.id)).toContain(id);

    const invitee = await signUp();
    const accepted = await asUser(invitee.cookie, `/api/v1/invitations/${token}/accept`, { method: "POST" });
    expect(accepted.status).toBe(200);
    const me = (await (await asUser(invitee.cookie, "/api/v1/whoami")).json()) as {
      organizations: { id: string; role: string }[];
    };
    expect(me.organizations).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: owner.orgId, role: "annotator" })]),
    );
    await expectError(
      await asUser(invitee.cookie, `/api/v1/invitations/${token}/accept`, { method: "POST" }),
      404,
      "NOT_FOUND",
    );
  });

  it("an invitation accepted twice at once lets exactly one in, and never answers 500", async () => {
    const owner = await signUp();
    const invite = async () => {
      const res = await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/invitations`, {
        method: "POST",
        json: { role: "viewer" },
      });
      return ((await res.json()) as { inviteUrl: string }).inviteUrl.split("/invite/")[1] ?? "";
    };
    const accept = (cookie: string, token: string) =>
      asUser(cookie, `/api/v1/invitations/${token}/accept`, { method: "POST" });
    const members = async () =>
      ((await (await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/members`)).json()) as Members).members;

    // Two people, one link.
    const [first, second] = [await signUp(), await signUp()];
    const shared = await invite();
    // The loser hears 409 when both got past the first read, 404 ("used") when it came later.
    const oneWins = (statuses: number[]) => {
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect([404, 409]).toContain(statuses.find((s) => s !== 200));
    };
    const two = await Promise.all([accept(first.cookie, shared), accept(second.cookie, shared)]);
    oneWins(two.map((r) => r.status));
    const joined = (await members()).filter((m) => [first.userId, second.userId].includes(m.userId));
    expect(joined).toHaveLength(1);

    // One person, two clicks.
    const third = await signUp();
    const token = await invite();
    const twice = await Promise.all([accept(third.cookie, token), accept(third.cookie, token)]);
    oneWins(twice.map((r) => r.status));
    expect((await members()).filter((m) => m.userId === third.userId)).toHaveLength(1);
  });

  it("an invitation for an email only works for that account, and revoked ones stop working", async () => {
    const owner = await signUp();
    const intended = await signUp();
    const stranger = await signUp();
    const res = await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/invitations`, {
      method: "POST",
      json: { role: "viewer", email: intended.email },
    });
    const { inviteUrl, id } = (await res.json()) as { inviteUrl: string; id: string };
    const token = inviteUrl.split("/invite/")[1] ?? "";
    await expectError(
      await asUser(stranger.cookie, `/api/v1/invitations/${token}/accept`, { method: "POST" }),
      403,
      "FORBIDDEN",
    );
    expect(
      (await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/invitations/${id}`, { method: "DELETE" }))
        .status,
    ).toBe(204);
    await expectError(
      await asUser(intended.cookie, `/api/v1/invitations/${token}/accept`, { method: "POST" }),
      404,
      "NOT_FOUND",
    );
  });

  it("keeps an owner when two owners demote or remove each other at the same moment", async () => {
    const owner = await signUp();
    const path = (userId: string) => `/api/v1/orgs/${owner.orgId}/members/${userId}`;
    const second = await addMember(owner, "owner");
    // Listed by whichever of the two is still a member.
    const owners = async () => {
      for (const who of [owner, second]) {
        const res = await asUser(who.cookie, `/api/v1/orgs/${owner.orgId}/members`);
        if (res.status === 200)
          return ((await res.json()) as Members).members.filter((m) => m.role === "owner");
      }
      throw new Error("neither owner can list the members");
    };
    const demotions = await Promise.all([
      asUser(owner.cookie, path(second.userId), { method: "PATCH", json: { role: "admin" } }),
      asUser(second.cookie, path(owner.userId), { method: "PATCH", json: { role: "admin" } }),
    ]);
    // The loser hears 409 when both passed the checks before either wrote, 403 when it came
    // later (it is no longer an owner).
    const statuses = demotions.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect([403, 409]).toContain(statuses.find((s) => s !== 200));
    expect(await owners()).toHaveLength(1);

    const [remaining] = await owners();
    const other = remaining?.userId === owner.userId ? second : owner;
    expect(
      (
        await asUser(remaining?.userId === owner.userId ? owner.cookie : second.cookie, path(other.userId), {
          method: "PATCH",
          json: { role: "owner" },
        })
      ).status,
    ).toBe(200);
    const departures = await Promise.all([
      asUser(owner.cookie, path(owner.userId), { method: "DELETE" }),
      asUser(second.cookie, path(second.userId), { method: "DELETE" }),
    ]);
    expect(departures.map((r) => r.status).sort()).toEqual([204, 409]);
    expect(await owners()).toHaveLength(1);
  });

  it("enforces who may grant which role, and keeps at least one owner", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, "admin");
    const member = await addMember(owner, "member");
    const path = (userId: string) => `/api/v1/orgs/${owner.orgId}/members/${userId}`;

    await expectError(
      await asUser(admin.cookie, path(member.userId), { method: "PATCH", json: { role: "owner" } }),
      403,
      "FORBIDDEN",
    );
    await expectError(
      await asUser(admin.cookie, path(owner.userId), { method: "PATCH", json: { role: "viewer" } }),
      403,
      "FORBIDDEN",
    );
    await expectError(
      await asUser(member.cookie, path(admin.userId), { method: "PATCH", json: { role: "viewer" } }),
      403,
      "FORBIDDEN",
    );
    expect(
      (await asUser(admin.cookie, path(member.userId), { method: "PATCH", json: { role: "viewer" } })).status,
    ).toBe(200);

    await expectError(
      await asUser(owner.cookie, path(owner.userId), { method: "PATCH", json: { role: "admin" } }),
      409,
      "CONFLICT",
    );
    await expectError(await asUser(owner.cookie, path(owner.userId), { method: "DELETE" }), 409, "CONFLICT");

    expect(
      (await asUser(owner.cookie, path(admin.userId), { method: "PATCH", json: { role: "owner" } })).status,
    ).toBe(200);
    expect((await asUser(owner.cookie, path(owner.userId), { method: "DELETE" })).status).toBe(204); // leaves
    await expectError(await asUser(owner.cookie, `/api/v1/projects/${owner.projectId}`), 404, "NOT_FOUND");

    const members = (await (
      await asUser(admin.cookie, `/api/v1/orgs/${owner.orgId}/members`)
    ).json()) as Members;
    expect(members.members.map((m) => [m.userId, m.role])).toEqual(
      expect.arrayContaining([
        [admin.userId, "owner"],
        [member.userId, "viewer"],
      ]),
    );
    const log = (await (await asUser(admin.cookie, `/api/v1/orgs/${owner.orgId}/audit-log`)).json()) as {
      entries: { action: string }[];
    };
    expect(log.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(["member.role_changed", "member.left"]),
    );
  });

  it("checks made inside the services: who may invite as what, and who may create projects", async () => {
    const owner = await signUp();
    const admin = await addMember(owner, "admin");
    const member = await addMember(owner, "member");
    const invite = (cookie: string, role: string) =>
      asUser(cookie, `/api/v1/orgs/${owner.orgId}/invitations`, { method: "POST", json: { role } });
    const refused = await expectError(await invite(admin.cookie, "owner"), 403, "FORBIDDEN");
    expect(refused.message).toContain("owner");
    expect((await invite(admin.cookie, "admin")).status).toBe(201);
    expect((await invite(owner.cookie, "owner")).status).toBe(201);

    const create = (cookie: string, name: string) =>
      asUser(cookie, "/api/v1/projects", { method: "POST", json: { orgId: owner.orgId, name } });
    await expectError(await create(member.cookie, "by member"), 403, "FORBIDDEN");
    expect((await create(admin.cookie, "by admin")).status).toBe(201);
    const names = (
      (await (await asUser(owner.cookie, `/api/v1/projects?orgId=${owner.orgId}`)).json()) as {
        projects: { name: string }[];
      }
    ).projects.map((p) => p.name);
    expect(names).toContain("by admin");
    expect(names).not.toContain("by member");
  });

  it("a member may leave but not remove others; an admin may remove a member", async () => {
    const owner = await signUp();
    const a = await addMember(owner, "member");
    const b = await addMember(owner, "member");
    const path = (userId: string) => `/api/v1/orgs/${owner.orgId}/members/${userId}`;
    await expectError(await asUser(a.cookie, path(b.userId), { method: "DELETE" }), 403, "FORBIDDEN");
    expect((await asUser(a.cookie, path(a.userId), { method: "DELETE" })).status).toBe(204);
    expect((await asUser(owner.cookie, path(b.userId), { method: "DELETE" })).status).toBe(204);
    await expectError(await asUser(b.cookie, `/api/v1/orgs/${owner.orgId}/members`), 404, "NOT_FOUND");
  });

  it("a user in two organizations sees both; neither leaks into the other", async () => {
    const alice = await signUp({ organization: "First" });
    const second = await asUser(alice.cookie, "/api/v1/orgs", { method: "POST", json: { name: "Second" } });
    expect(second.status).toBe(201);
    const bob = await signUp({ organization: "Bob's" });
    const me = (await (await asUser(alice.cookie, "/api/v1/whoami")).json()) as {
      organizations: { name: string }[];
      projects: unknown[];
    };
    expect(me.organizations.map((o) => o.name)).toEqual(["First", "Second"]);
    expect(me.projects).toHaveLength(2);
    await expectError(await asUser(alice.cookie, `/api/v1/projects?orgId=${bob.orgId}`), 404, "NOT_FOUND");
    await expectError(
      await asUser(alice.cookie, "/api/v1/projects", {
        method: "POST",
        json: { orgId: bob.orgId, name: "Sneaky" },
      }),
      404,
      "NOT_FOUND",
    );
    const bobs = (await (await asUser(bob.cookie, "/api/v1/projects")).json()) as {
      projects: { name: string }[];
    };
    expect(bobs.projects.map((p) => p.name)).toEqual(["Default"]);
  });
});

describe("projects", () => {
  it("creates, renames, refuses duplicate names and deletes, with audit entries", async () => {
    const owner = await signUp();
    const created = await asUser(owner.cookie, "/api/v1/projects", {
      method: "POST",
      json: { orgId: owner.orgId, name: "Agents" },
    });
    expect(created.status).toBe(201);
    const project = (await created.json()) as { id: string };
    await expectError(
      await asUser(owner.cookie, "/api/v1/projects", {
        method: "POST",
        json: { orgId: owner.orgId, name: "Agents" },
      }),
      409,
      "CONFLICT",
    );
    const renamed = await asUser(owner.cookie, `/api/v1/projects/${project.id}`, {
      method: "PATCH",
      json: { name: "Agents v2" },
    });
    expect(((await renamed.json()) as { name: string }).name).toBe("Agents v2");
    expect((await asUser(owner.cookie, `/api/v1/projects/${project.id}`, { method: "DELETE" })).status).toBe(
      204,
    );
    await expectError(await asUser(owner.cookie, `/api/v1/projects/${project.id}`), 404, "NOT_FOUND");
    const log = (await (
      await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/audit-log?projectId=${project.id}`)
    ).json()) as {
      entries: { action: string }[];
    };
    expect(log.entries.map((e) => e.action)).toEqual([
      "project.deleted",
      "settings.project_updated",
      "project.created",
    ]);
  });
});

describe("audit log", () => {
  it("pages newest first with an opaque cursor and filters by action", async () => {
    const owner = await signUp();
    for (const name of ["p1", "p2", "p3", "p4"]) {
      await asUser(owner.cookie, "/api/v1/projects", { method: "POST", json: { orgId: owner.orgId, name } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `action=project.created&limit=3${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await (
        await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/audit-log?${query}`)
      ).json()) as {
        entries: { target: { label: string } }[];
        nextCursor: string | null;
      };
      seen.push(...page.entries.map((e) => e.target.label));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["p4", "p3", "p2", "p1"]);
    await expectError(
      await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/audit-log?cursor=garbage`),
      422,
      "INVALID_INPUT",
    );
  });
});
