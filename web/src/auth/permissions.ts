import type { Role, Scope } from "../api/types";

/**
 * What each role may do, mirroring the server's checks so the UI never offers an action that
 * will be refused. Keep in sync with docs/api-accounts.md.
 */
const MANAGERS: readonly Role[] = ["owner", "admin"];
const KEY_CREATORS: readonly Role[] = ["owner", "admin", "member"];

function isOneOf(role: Role | null, roles: readonly Role[]): boolean {
  return role !== null && roles.includes(role);
}

export const can = {
  /** Manage members, invitations and reset links. */
  manageMembers: (role: Role | null) => isOneOf(role, MANAGERS),
  manageProjects: (role: Role | null) => isOneOf(role, MANAGERS),
  viewAuditLog: (role: Role | null) => isOneOf(role, MANAGERS),
  /** Make or unmake owners (change an owner's role, invite or promote to owner). */
  manageOwners: (role: Role | null) => role === "owner",
  /** List, create and revoke the project's API keys. */
  manageApiKeys: (role: Role | null) => isOneOf(role, KEY_CREATORS),
  /** Members may create keys, but not with the `admin` scope. */
  /** Edit trace tags and delete traces (`project:write`). */
  editTraces: (role: Role | null) => isOneOf(role, KEY_CREATORS),
  grantScope: (role: Role | null, scope: Scope) =>
    scope === "admin" ? isOneOf(role, MANAGERS) : isOneOf(role, KEY_CREATORS),
} as const;

/** Roles a caller may hand out: owners any, admins anything but owner. */
export function assignableRoles(role: Role | null): Role[] {
  if (role === "owner") return ["owner", "admin", "member", "annotator", "viewer"];
  if (role === "admin") return ["admin", "member", "annotator", "viewer"];
  return [];
}

export const ROLE_LABEL: Readonly<Record<Role, string>> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  annotator: "Annotator",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTION: Readonly<Record<Role, string>> = {
  owner: "Everything, including managing owners",
  admin: "Manage members, projects, keys and the audit log",
  member: "Work with traces, datasets and evaluations; create API keys",
  annotator: "Review and label traces",
  viewer: "Read-only access",
};
