/** Shapes of the accounts & tenancy API (docs/api-accounts.md). Timestamps are ISO 8601 strings. */

import type { Role } from "../../../schema/accounts";
import type { Scope } from "../../../schema/api-keys";
import type { AuditEntry } from "../../../workers/audit/schemas";

// The server's own names and answer shapes (type-only imports: nothing of the server is
// bundled), so the dashboard cannot drift from what the API sends.
export type { ApiKey, CreatedApiKey } from "../../../workers/api-keys/schemas";
export type { AuditEntry, AuditPage } from "../../../workers/audit/schemas";
export type { Organization, Project, SignupResult, User, Whoami } from "../../../workers/auth/schemas";
export type {
  CreatedInvitation,
  Invitation,
  InvitationPreview,
  Member,
  PasswordResetLink,
} from "../../../workers/orgs/schemas";
export type { Role, Scope };
export type AuditParty = AuditEntry["actor"];

export const ROLES: readonly Role[] = ["owner", "admin", "member", "annotator", "viewer"];
export const SCOPES: readonly Scope[] = ["ingest", "read", "write", "admin"];

export interface AuditQuery {
  action?: string;
  actorId?: string;
  projectId?: string;
  since?: string;
  until?: string;
  cursor?: string;
  limit?: number;
}
