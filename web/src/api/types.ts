/** Shapes of the accounts & tenancy API (docs/api-accounts.md). Timestamps are ISO 8601 strings. */

import type { Role } from "../../../schema/accounts";
import type { Scope } from "../../../schema/api-keys";

// The server's own role and scope names (type-only: nothing of the schema is bundled).
export type { Role, Scope };

export const ROLES: readonly Role[] = ["owner", "admin", "member", "annotator", "viewer"];
export const SCOPES: readonly Scope[] = ["ingest", "read", "write", "admin"];

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Organization {
  id: string;
  name: string;
  /** The signed-in user's role; null when the caller is an API key. */
  role: Role | null;
}

export interface Project {
  id: string;
  orgId: string;
  name: string;
  description: string | null;
  createdAt: string;
}

export interface Whoami {
  type: "user" | "api_key";
  user: User | null;
  apiKey: { id: string; name: string; prefix: string; expiresAt: string | null } | null;
  organizations: Organization[];
  projects: Project[];
  scopes: Scope[] | null;
}

export interface SignupResult {
  user: User;
  organization: Organization;
  project: Project;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: string;
}

export interface Invitation {
  id: string;
  email: string | null;
  role: Role;
  createdAt: string;
  expiresAt: string;
  invitedBy: { id: string; name: string } | null;
}

export interface CreatedInvitation {
  id: string;
  email: string | null;
  role: Role;
  expiresAt: string;
  inviteUrl: string;
}

export interface InvitationPreview {
  organization: { id: string; name: string };
  role: Role;
  email: string | null;
  expiresAt: string;
  invitedBy: { name: string } | null;
}

export interface PasswordResetLink {
  resetUrl: string;
  expiresAt: string;
}

export interface AuditParty {
  type: string;
  id: string | null;
  label: string | null;
}

export interface AuditEntry {
  id: string;
  time: string;
  action: string;
  actor: AuditParty;
  target: AuditParty | null;
  projectId: string | null;
  ip: string | null;
  metadata: unknown;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

export interface AuditQuery {
  action?: string;
  actorId?: string;
  projectId?: string;
  since?: string;
  until?: string;
  cursor?: string;
  limit?: number;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: { id: string; name: string } | null;
}

export interface CreatedApiKey {
  id: string;
  /** The full secret: returned only by the create call. */
  key: string;
  prefix: string;
  name: string;
  scopes: Scope[];
  expiresAt: string | null;
  createdAt: string;
}
