import type { Role } from "../../schema/accounts";
import type { Scope } from "../../schema/api-keys";

/**
 * The permission matrix, written once. Routes name the permission they need; the access
 * helpers (access.ts) check it against the caller's role (users) or scopes (API keys).
 * docs/permissions.md renders the same table for people.
 */
export const PROJECT_PERMISSIONS = [
  "traces:read", // view traces, spans and sessions
  "traces:ingest", // send traces
  "feedback:write", // add feedback, expectations and labels
  "project:read", // view datasets, prompts, evaluations, monitors, settings
  "project:write", // create and change datasets, prompts, scorers, evaluations, monitors
  "prompts:promote", // set, move and delete prompt aliases (what apps fetching `production` get)
  "webhooks:manage", // create, change, test, redeliver and delete webhooks (they send the project's data out)
  "project:manage", // rename or delete the project, project settings
  "apikeys:manage", // list, create and revoke the project's API keys
  "apikeys:grant-admin", // create keys with the `admin` scope
] as const;

export const ORG_PERMISSIONS = [
  "members:read", // see who is in the organization
  "members:manage", // invite, change roles, remove members, issue password resets
  "members:manage-owners", // make or unmake owners
  "projects:create", // create projects in the organization
  "org:manage", // rename the organization
  "audit:read", // read the audit log
  "providers:read", // see the judge model providers (never their keys)
  "providers:manage", // add, change and remove judge model providers and their keys
] as const;

export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];
export type OrgPermission = (typeof ORG_PERMISSIONS)[number];
export type Permission = ProjectPermission | OrgPermission;

const ALL: readonly Permission[] = [...PROJECT_PERMISSIONS, ...ORG_PERMISSIONS];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: ALL,
  admin: ALL.filter((p) => p !== "members:manage-owners"),
  member: [
    "traces:read",
    "traces:ingest",
    "feedback:write",
    "project:read",
    "project:write",
    "apikeys:manage",
    "members:read",
    "providers:read",
  ],
  annotator: ["traces:read", "feedback:write", "members:read"],
  viewer: ["traces:read", "project:read", "members:read"],
};

/** API keys act inside their one project only, so they never hold organization permissions. */
export const SCOPE_PERMISSIONS: Record<Scope, readonly ProjectPermission[]> = {
  ingest: ["traces:ingest", "feedback:write"],
  read: ["traces:read", "project:read"],
  write: ["traces:read", "project:read", "project:write", "feedback:write"],
  admin: PROJECT_PERMISSIONS,
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function scopesAllow(scopes: readonly Scope[], permission: Permission): boolean {
  return scopes.some((scope) => (SCOPE_PERMISSIONS[scope] as readonly Permission[]).includes(permission));
}

/** Roles a caller may hand out: owners any, admins anything but owner. */
export function assignableRoles(role: Role): Role[] {
  if (role === "owner") return ["owner", "admin", "member", "annotator", "viewer"];
  if (role === "admin") return ["admin", "member", "annotator", "viewer"];
  return [];
}
