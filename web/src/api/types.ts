/** Shapes of the accounts & tenancy API (docs/api-accounts.md). Timestamps are ISO 8601 strings. */

import type { Role } from "../../../schema/accounts";
import type { Scope } from "../../../schema/api-keys";
import type { AuditEntry } from "../../../workers/audit/schemas";
import type { Organization, Project, User } from "../../../workers/auth/schemas";

// The server's own names and answer shapes (type-only imports: nothing of the server is
// bundled), so the dashboard cannot drift from what the API sends.
export type { ApiKey } from "../../../workers/api-keys/schemas";
export type { AuditEntry } from "../../../workers/audit/schemas";
export type { Organization, Project, User, Whoami } from "../../../workers/auth/schemas";
export type { Invitation, Member } from "../../../workers/orgs/schemas";
export type { Role, Scope };
export type AuditParty = AuditEntry["actor"];

export const ROLES: readonly Role[] = ["owner", "admin", "member", "annotator", "viewer"];
export const SCOPES: readonly Scope[] = ["ingest", "read", "write", "admin"];

export interface SignupResult {
  user: User;
  organization: Organization;
  project: Project;
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
