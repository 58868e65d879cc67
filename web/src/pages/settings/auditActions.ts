/** Actions the server records (workers/*), for the audit log filter. Unknown ones still display. */
export const AUDIT_ACTIONS: readonly { value: string; label: string }[] = [
  { value: "user.signed_up", label: "User signed up" },
  { value: "auth.login_failed", label: "Failed login" },
  { value: "user.password_changed", label: "Password changed" },
  { value: "user.password_reset", label: "Password reset" },
  { value: "org.created", label: "Organization created" },
  { value: "settings.org_renamed", label: "Organization renamed" },
  { value: "member.invited", label: "Member invited" },
  { value: "invitation.revoked", label: "Invitation revoked" },
  { value: "member.joined", label: "Member joined" },
  { value: "member.role_changed", label: "Role changed" },
  { value: "member.removed", label: "Member removed" },
  { value: "member.left", label: "Member left" },
  { value: "member.password_reset_issued", label: "Reset link issued" },
  { value: "project.created", label: "Project created" },
  { value: "settings.project_updated", label: "Project updated" },
  { value: "project.deleted", label: "Project deleted" },
  { value: "api_key.created", label: "API key created" },
  { value: "api_key.revoked", label: "API key revoked" },
  { value: "judge_provider.created", label: "Judge provider added" },
  { value: "judge_provider.updated", label: "Judge provider changed" },
  { value: "judge_provider.deleted", label: "Judge provider removed" },
  { value: "settings.model_prices_changed", label: "Model prices changed" },
  { value: "trace.tag_set", label: "Trace tag set" },
  { value: "trace.tag_removed", label: "Trace tag removed" },
  { value: "trace.deleted", label: "Trace deleted" },
  { value: "traces.deleted_by_filter", label: "Traces deleted by filter" },
];

/** "member.role_changed" → "Role changed" (or the raw action when unknown). */
export function actionLabel(action: string): string {
  return AUDIT_ACTIONS.find((candidate) => candidate.value === action)?.label ?? action;
}
