import {
  type Permission,
  roleAllows,
  assignableRoles as serverAssignableRoles,
} from "../../../workers/auth/permissions";
import type { Role, Scope } from "../api/types";

/**
 * What each role may do: the server's own permission matrix (workers/auth/permissions.ts, a
 * module without dependencies), so the UI never offers an action the API will refuse.
 */
const allows = (permission: Permission) => (role: Role | null) =>
  role !== null && roleAllows(role, permission);

export const can = {
  /** Manage members, invitations and reset links. */
  manageMembers: allows("members:manage"),
  /** Create projects and change their settings. */
  manageProjects: allows("projects:create"),
  viewAuditLog: allows("audit:read"),
  /** Make or unmake owners (change an owner's role, invite or promote to owner). */
  manageOwners: allows("members:manage-owners"),
  /** List, create and revoke the project's API keys. */
  manageApiKeys: allows("apikeys:manage"),
  /** See the organization's judge model providers (never their keys). */
  readProviders: allows("providers:read"),
  /** Add, change, test and remove judge model providers. */
  manageProviders: allows("providers:manage"),
  /** Edit trace tags and delete traces (`project:write`). */
  editTraces: allows("project:write"),
  /** Create scorers, save their versions, archive them (`project:write`). */
  editScorers: allows("project:write"),
  /** Create prompts, save their versions, archive and delete them (`project:write`). */
  editPrompts: allows("project:write"),
  /** Start, change and backfill monitors; create alert rules, acknowledge and mute alerts (`project:write`). */
  editMonitors: allows("project:write"),
  /** Set, move and delete prompt aliases: what apps fetching `production` get (`prompts:promote`). */
  promotePrompts: allows("prompts:promote"),
  /** Add, override and delete feedback and expectations (annotators too, not viewers). */
  writeFeedback: allows("feedback:write"),
  /** Members may create keys, but not with the `admin` scope. */
  grantScope: (role: Role | null, scope: Scope) =>
    allows(scope === "admin" ? "apikeys:grant-admin" : "apikeys:manage")(role),
} as const;

/** Roles a caller may hand out: owners any, admins anything but owner. */
export function assignableRoles(role: Role | null): Role[] {
  return role === null ? [] : serverAssignableRoles(role);
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
