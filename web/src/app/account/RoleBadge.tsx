import type { Role } from "../../api/types";
import { ROLE_LABEL } from "../../auth/permissions";
import { Badge, type Tone } from "../../ui/Badge";

const TONE: Readonly<Record<Role, Tone>> = {
  owner: "accent",
  admin: "info",
  member: "neutral",
  annotator: "neutral",
  viewer: "neutral",
};

export function RoleBadge({ role }: { role: Role | null }) {
  if (!role) return null;
  return <Badge tone={TONE[role] ?? "neutral"}>{ROLE_LABEL[role] ?? role}</Badge>;
}
