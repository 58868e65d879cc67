import { useEffect, useState } from "preact/hooks";
import { ROLES, type Role } from "../../api/types";
import { ROLE_LABEL } from "../../auth/permissions";
import { Select } from "../../ui/Input";

export interface RoleSelectProps {
  value: Role;
  /** Roles that may be chosen; others are listed but disabled. */
  allowed: readonly Role[];
  /** Resolves when saved; on rejection the select goes back to `value`. */
  onChange: (role: Role) => Promise<void>;
  disabled?: boolean;
  title?: string;
  label: string;
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** A member's role, editable in place. */
export function RoleSelect({ value, allowed, onChange, disabled, title, label }: RoleSelectProps) {
  const [shown, setShown] = useState<Role>(value);
  const [saving, setSaving] = useState(false);
  useEffect(() => setShown(value), [value]);

  return (
    <Select
      size="sm"
      className="role-select"
      value={shown}
      disabled={disabled || saving}
      title={title}
      aria-label={label}
      options={ROLES.map((role) => ({
        value: role,
        label: ROLE_LABEL[role],
        disabled: role !== value && !allowed.includes(role),
      }))}
      onChange={async (event) => {
        const next = event.currentTarget.value;
        if (!isRole(next) || next === value) return;
        setShown(next);
        setSaving(true);
        try {
          await onChange(next);
        } catch {
          setShown(value);
        } finally {
          setSaving(false);
        }
      }}
      data-testid="member-role"
    />
  );
}
