import { api, type RequestOptions } from "./client";
import type {
  AuditPage,
  AuditQuery,
  CreatedInvitation,
  Invitation,
  Member,
  Organization,
  PasswordResetLink,
  Project,
  Role,
} from "./types";

/** Organizations, their members, invitations and audit log. */

const org = (orgId: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}`;
const member = (orgId: string, userId: string) => `${org(orgId)}/members/${encodeURIComponent(userId)}`;

export function createOrganization(name: string): Promise<{ organization: Organization; project: Project }> {
  return api.post<{ organization: Organization; project: Project }>("/api/v1/orgs", { name });
}

export async function listMembers(orgId: string, options?: RequestOptions): Promise<Member[]> {
  return (await api.get<{ members: Member[] }>(`${org(orgId)}/members`, options)).members;
}

export function updateMemberRole(orgId: string, userId: string, role: Role): Promise<Member> {
  return api.patch<Member>(member(orgId, userId), { role });
}

/** Removes a member; for yourself this is "leave the organization". 409 for the last owner. */
export function removeMember(orgId: string, userId: string): Promise<void> {
  return api.delete(member(orgId, userId));
}

export function createPasswordResetLink(orgId: string, userId: string): Promise<PasswordResetLink> {
  return api.post<PasswordResetLink>(`${member(orgId, userId)}/password-reset`);
}

export async function listInvitations(orgId: string, options?: RequestOptions): Promise<Invitation[]> {
  return (await api.get<{ invitations: Invitation[] }>(`${org(orgId)}/invitations`, options)).invitations;
}

export function createInvitation(orgId: string, role: Role, email?: string): Promise<CreatedInvitation> {
  return api.post<CreatedInvitation>(`${org(orgId)}/invitations`, email ? { role, email } : { role });
}

export function revokeInvitation(orgId: string, invitationId: string): Promise<void> {
  return api.delete(`${org(orgId)}/invitations/${encodeURIComponent(invitationId)}`);
}

export function listAuditLog(orgId: string, query: AuditQuery, options?: RequestOptions): Promise<AuditPage> {
  return api.get<AuditPage>(`${org(orgId)}/audit-log`, { ...options, query: { ...query } });
}
