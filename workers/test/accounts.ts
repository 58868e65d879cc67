import { eq } from "drizzle-orm";
import { apiKeys } from "../../schema";
import type { Role } from "../../schema/accounts";
import type { Scope } from "../../schema/api-keys";
import { BASE, call, type Sender } from "./helpers";
import { testServices } from "./services";

let counter = 0;
export function uniqueEmail(label = "user"): string {
  counter++;
  return `${label}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

export const PASSWORD = "correct horse battery staple";

/** A request as the dashboard sends it: session cookie plus our own Origin. */
export function asUser(
  cookie: string,
  path: string,
  init: RequestInit & { json?: unknown } = {},
  via: Sender = call,
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("cookie", cookie);
  if (!headers.has("origin")) headers.set("origin", BASE);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const { json, ...rest } = init;
  return via(path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : init.body });
}

export function asKey(
  key: string,
  path: string,
  init: RequestInit & { json?: unknown } = {},
  via: Sender = call,
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${key}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const { json, ...rest } = init;
  return via(path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : init.body });
}

export function cookieFrom(res: Response): string {
  const setCookie = res.headers.get("set-cookie") ?? "";
  const match = /sl_session=([^;]+)/.exec(setCookie);
  if (!match?.[1]) throw new Error(`no session cookie in ${res.status} answer: ${setCookie}`);
  return `sl_session=${match[1]}`;
}

export type SignedUp = { cookie: string; email: string; userId: string; orgId: string; projectId: string };

export async function signUp(
  options: { email?: string; name?: string; organization?: string } = {},
): Promise<SignedUp> {
  const email = options.email ?? uniqueEmail();
  const res = await call("/api/v1/auth/signup", {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify({
      email,
      password: PASSWORD,
      name: options.name ?? "Test User",
      organization: options.organization,
    }),
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    user: { id: string };
    organization: { id: string };
    project: { id: string };
  };
  return {
    cookie: cookieFrom(res),
    email,
    userId: body.user.id,
    orgId: body.organization.id,
    projectId: body.project.id,
  };
}

export async function logIn(email: string, password = PASSWORD): Promise<Response> {
  return call("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ email, password }),
  });
}

export async function createKey(owner: SignedUp, scopes: Scope[], projectId = owner.projectId) {
  const res = await asUser(owner.cookie, `/api/v1/projects/${projectId}/api-keys`, {
    method: "POST",
    json: { name: `key ${scopes.join("+")}`, scopes },
  });
  if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; key: string; prefix: string };
}

/** A second project in `owner`'s organization; its id. */
export async function createProject(owner: SignedUp, name: string): Promise<string> {
  const res = await asUser(owner.cookie, "/api/v1/projects", {
    method: "POST",
    json: { orgId: owner.orgId, name },
  });
  if (res.status !== 201) throw new Error(`project creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Adds a fresh user to `owner`'s organization with `role`, through an invitation. */
export async function addMember(owner: SignedUp, role: Role): Promise<SignedUp> {
  const invite = await asUser(owner.cookie, `/api/v1/orgs/${owner.orgId}/invitations`, {
    method: "POST",
    json: { role },
  });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${await invite.text()}`);
  const { inviteUrl } = (await invite.json()) as { inviteUrl: string };
  const member = await signUp({ name: `A ${role}` });
  const token = inviteUrl.split("/invite/")[1] ?? "";
  const accept = await asUser(member.cookie, `/api/v1/invitations/${token}/accept`, { method: "POST" });
  if (accept.status !== 200) throw new Error(`accept failed: ${accept.status} ${await accept.text()}`);
  return { ...member, orgId: owner.orgId, projectId: owner.projectId };
}

/** Moves a key's expiry into the past, straight in the database (the API refuses past dates). */
export async function expireKey(keyId: string): Promise<void> {
  await testServices()
    .db.update(apiKeys)
    .set({ expiresAt: Date.now() - 1000 })
    .where(eq(apiKeys.id, keyId));
}
