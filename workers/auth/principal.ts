import type { projects, Role } from "../../schema/accounts";
import type { Scope } from "../../schema/api-keys";

export type UserPrincipal = {
  type: "user";
  userId: string;
  email: string;
  name: string;
  sessionId: string;
  /** The organizations the user belongs to, with the role in each. */
  memberships: { orgId: string; role: Role }[];
};

export type ApiKeyPrincipal = {
  type: "api_key";
  keyId: string;
  name: string;
  prefix: string;
  orgId: string;
  projectId: string;
  scopes: Scope[];
  expiresAt: number | null;
  /** The key's project, read with the key so key-authenticated routes need no second query. */
  project: typeof projects.$inferSelect;
};

export type Principal = UserPrincipal | ApiKeyPrincipal;

/** Who did something, as the audit log records it. */
export type Actor = { type: "user" | "api_key" | "anonymous"; id: string | null; label: string };

export function actorOf(principal: Principal): Actor {
  return principal.type === "user"
    ? { type: "user", id: principal.userId, label: principal.email }
    : { type: "api_key", id: principal.keyId, label: `API key ${principal.name} (${principal.prefix}…)` };
}
