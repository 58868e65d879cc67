import { roleAllows } from "../../../../workers/auth/permissions";
import type { Role } from "../../api/types";

/** Changing datasets and their records needs `project:write` (members, admins, owners); reading needs less. */
export const canEditDatasets = (role: Role | null): boolean =>
  role !== null && roleAllows(role, "project:write");
