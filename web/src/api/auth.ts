import { api, type RequestOptions } from "./client";
import type { InvitationPreview, Organization, SignupResult, User, Whoami } from "./types";

/** Dashboard auth: these set or clear the `sl_session` cookie. A 401 here is an answer, not a redirect. */

const BASE = "/api/v1/auth";

export interface SignupInput {
  name: string;
  email: string;
  password: string;
  organization?: string;
}

export function signup(input: SignupInput): Promise<SignupResult> {
  return api.post<SignupResult>(`${BASE}/signup`, input, { allowUnauthenticated: true });
}

export function login(email: string, password: string): Promise<{ user: User }> {
  return api.post<{ user: User }>(`${BASE}/login`, { email, password }, { allowUnauthenticated: true });
}

export function logout(): Promise<void> {
  return api.post<void>(`${BASE}/logout`, undefined, { allowUnauthenticated: true });
}

/** Signs out every other session of the user. */
export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return api.post<void>(
    `${BASE}/password`,
    { currentPassword, newPassword },
    // A wrong current password may answer 401; that is a form error, not a lost session.
    { allowUnauthenticated: true },
  );
}

/** Public: sets a new password with a reset token and signs out every session of that user. */
export function resetPassword(token: string, newPassword: string): Promise<void> {
  return api.post<void>(`${BASE}/password-reset`, { token, newPassword }, { allowUnauthenticated: true });
}

export function whoami(options?: RequestOptions): Promise<Whoami> {
  return api.get<Whoami>("/api/v1/whoami", { ...options, allowUnauthenticated: true });
}

/** Public: what an invitation link grants, before accepting it. */
export function previewInvitation(token: string): Promise<InvitationPreview> {
  return api.get<InvitationPreview>(`/api/v1/invitations/${encodeURIComponent(token)}`, {
    allowUnauthenticated: true,
  });
}

export function acceptInvitation(token: string): Promise<{ organization: Organization }> {
  return api.post<{ organization: Organization }>(`/api/v1/invitations/${encodeURIComponent(token)}/accept`);
}
