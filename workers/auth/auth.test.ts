import { and, eq, ne } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, passwordResets, sessions, users } from "../../schema";
import { findFirst } from "../lib/db";
import { addMember, asUser, cookieFrom, logIn, PASSWORD, signUp, uniqueEmail } from "../test/accounts";
import { BASE, call, expectError } from "../test/helpers";
import { testServices } from "../test/services";
import { sessionCookie } from "./session-cookie";

const whoami = (cookie: string) => asUser(cookie, "/api/v1/whoami");

/** Leaves the member in `orgId` only (sign-up gave them an organization of their own). */
async function onlyIn(userId: string, orgId: string) {
  await testServices()
    .db.delete(memberships)
    .where(and(eq(memberships.userId, userId), ne(memberships.orgId, orgId)));
}

describe("sign up and log in", () => {
  it("signs up into an owned organization with a Default project and a secure session cookie", async () => {
    const email = uniqueEmail("Ada");
    const res = await call("/api/v1/auth/signup", {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE },
      body: JSON.stringify({
        email: email.toUpperCase(),
        password: PASSWORD,
        name: "Ada",
        organization: "Engines",
      }),
    });
    expect(res.status).toBe(201);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Secure/); // sightline.test is not localhost
    const me = (await (await whoami(cookieFrom(res))).json()) as {
      type: string;
      user: { email: string };
      organizations: { name: string; role: string }[];
      projects: { name: string }[];
    };
    expect(me.type).toBe("user");
    expect(me.user.email).toBe(email.toLowerCase());
    expect(me.organizations).toEqual([expect.objectContaining({ name: "Engines", role: "owner" })]);
    expect(me.projects.map((p) => p.name)).toEqual(["Default"]);

    const stored = await findFirst(testServices().db, users, eq(users.email, email.toLowerCase()));
    expect(stored?.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored?.passwordHash).not.toContain(PASSWORD);
  });

  it("omits Secure on localhost so local development works over http", () => {
    const now = Date.now();
    expect(sessionCookie("t", now + 1000, "http://localhost:8787/x", now)).not.toMatch(/Secure/);
    expect(sessionCookie("t", now + 1000, "https://app.example.com/x", now)).toMatch(/; Secure/);
  });

  it("refuses a second account with the same email (409) and bad input (422) without writing", async () => {
    const first = await signUp();
    const again = await call("/api/v1/auth/signup", {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE },
      body: JSON.stringify({ email: first.email, password: PASSWORD, name: "Copy" }),
    });
    await expectError(again, 409, "CONFLICT");
    const email = uniqueEmail();
    const short = await call("/api/v1/auth/signup", {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE },
      body: JSON.stringify({ email, password: "short", name: "Short" }),
    });
    expect((await expectError(short, 422, "INVALID_INPUT")).message).toContain("password");
    expect(await findFirst(testServices().db, users, eq(users.email, email))).toBeUndefined();
  });

  it("logs in with the right password and not with a wrong one", async () => {
    const { email } = await signUp();
    const ok = await logIn(email);
    expect(ok.status).toBe(200);
    expect((await whoami(cookieFrom(ok))).status).toBe(200);
    await expectError(await logIn(email, "wrong password!"), 401, "UNAUTHENTICATED");
    await expectError(await logIn(uniqueEmail("nobody")), 401, "UNAUTHENTICATED");
  });

  it("records failed logins in the audit log of the user's organizations", async () => {
    const owner = await signUp();
    await logIn(owner.email, "not the password");
    const log = (await (
      await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/audit-log?action=auth.login_failed`)
    ).json()) as {
      entries: { action: string; target: { label: string } }[];
    };
    expect(log.entries).toEqual([
      expect.objectContaining({
        action: "auth.login_failed",
        target: expect.objectContaining({ label: owner.email }),
      }),
    ]);
  });
});

describe("login throttling", () => {
  it("blocks an email after 5 failures with 429 and Retry-After, even with the right password", async () => {
    const { email } = await signUp();
    for (let i = 0; i < 5; i++)
      await expectError(await logIn(email, `wrong ${i} password`), 401, "UNAUTHENTICATED");
    const blocked = await logIn(email);
    await expectError(blocked, 429, "RATE_LIMITED");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(800);
  });

  it("blocks a client address trying many emails", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const attempt = (email: string) =>
      call("/api/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": ip },
        body: JSON.stringify({ email, password: "guess guess guess" }),
      });
    for (let i = 0; i < 30; i++) expect((await attempt(uniqueEmail("spray"))).status).toBe(401);
    await expectError(await attempt(uniqueEmail("spray")), 429, "RATE_LIMITED");
  });
});

describe("sessions", () => {
  it("rejects cookie writes from another origin or without an Origin (CSRF)", async () => {
    const owner = await signUp();
    const body = { method: "POST", json: { name: "csrf" } };
    await expectError(
      await asUser(owner.cookie, "/api/v1/orgs", { ...body, headers: { origin: "https://evil.example" } }),
      403,
      "FORBIDDEN",
    );
    const noOrigin = await call("/api/v1/orgs", {
      method: "POST",
      headers: { cookie: owner.cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "csrf" }),
    });
    await expectError(noOrigin, 403, "FORBIDDEN");
    const sameSite = await call("/api/v1/orgs", {
      method: "POST",
      headers: { cookie: owner.cookie, "content-type": "application/json", "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ name: "fine" }),
    });
    expect(sameSite.status).toBe(201);
    await expectError(
      await call("/api/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example" },
        body: JSON.stringify({ email: owner.email, password: PASSWORD }),
      }),
      403,
      "FORBIDDEN",
    );
  });

  it("expires sessions and renews them before they run out", async () => {
    const owner = await signUp();
    const { db } = testServices();
    const me = (await (await whoami(owner.cookie)).json()) as { user: { id: string } };
    const [session] = await db.select().from(sessions).where(eq(sessions.userId, me.user.id));
    if (!session) throw new Error("no session row");

    await db
      .update(sessions)
      .set({ expiresAt: Date.now() + 24 * 3600 * 1000 })
      .where(eq(sessions.id, session.id));
    const renewed = await whoami(owner.cookie);
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get("set-cookie")).toMatch(/sl_session=.+Max-Age=60\d{4}/);
    const [after] = await db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(after?.expiresAt).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);

    await db
      .update(sessions)
      .set({ expiresAt: Date.now() - 1000 })
      .where(eq(sessions.id, session.id));
    const expired = await whoami(owner.cookie);
    await expectError(expired, 401, "UNAUTHENTICATED");
    expect(expired.headers.get("set-cookie")).toMatch(/sl_session=;.*Max-Age=0/);
  });

  it("logging out revokes the session", async () => {
    const owner = await signUp();
    expect((await asUser(owner.cookie, "/api/v1/auth/logout", { method: "POST" })).status).toBe(204);
    await expectError(await whoami(owner.cookie), 401, "UNAUTHENTICATED");
  });

  it("changing the password ends every other session", async () => {
    const owner = await signUp();
    const other = cookieFrom(await logIn(owner.email));
    await expectError(
      await asUser(owner.cookie, "/api/v1/auth/password", {
        method: "POST",
        json: { currentPassword: "nope nope nope", newPassword: "a brand new password" },
      }),
      403,
      "FORBIDDEN",
    );
    const changed = await asUser(owner.cookie, "/api/v1/auth/password", {
      method: "POST",
      json: { currentPassword: PASSWORD, newPassword: "a brand new password" },
    });
    expect(changed.status).toBe(204);
    expect((await whoami(owner.cookie)).status).toBe(200);
    await expectError(await whoami(other), 401, "UNAUTHENTICATED");
    await expectError(await logIn(owner.email), 401, "UNAUTHENTICATED");
    expect((await logIn(owner.email, "a brand new password")).status).toBe(200);
  });

  it("an admin-issued reset link sets a new password once and ends the member's sessions", async () => {
    const owner = await signUp();
    const member = await addMember(owner, "member");
    await onlyIn(member.userId, owner.orgId);
    const issued = await asUser(
      owner.cookie,
      `/api/v1/orgs/${owner.orgId}/members/${member.userId}/password-reset`,
      { method: "POST" },
    );
    expect(issued.status).toBe(201);
    const { resetUrl } = (await issued.json()) as { resetUrl: string };
    expect(resetUrl).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
    const token = resetUrl.split("/reset-password/")[1];
    const use = () =>
      call("/api/v1/auth/password-reset", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, newPassword: "reset to this one" }),
      });
    expect((await use()).status).toBe(204);
    await expectError(await whoami(member.cookie), 401, "UNAUTHENTICATED");
    expect((await logIn(member.email, "reset to this one")).status).toBe(200);
    await expectError(await use(), 404, "NOT_FOUND");
  });

  it("refuses a reset link for a member who also belongs to an organization the admin does not manage", async () => {
    const owner = await signUp();
    // The member still owns the organization they signed up with: a new password would open it.
    const member = await addMember(owner, "member");
    const res = await asUser(
      owner.cookie,
      `/api/v1/orgs/${owner.orgId}/members/${member.userId}/password-reset`,
      { method: "POST" },
    );
    await expectError(res, 403, "FORBIDDEN");
    const issued = await testServices()
      .db.select()
      .from(passwordResets)
      .where(eq(passwordResets.userId, member.userId));
    expect(issued).toEqual([]);
    expect((await whoami(member.cookie)).status).toBe(200);
  });
});
