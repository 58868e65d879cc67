/**
 * Renders docs/permissions.md from the one permission matrix in workers/auth/permissions.ts,
 * so the documentation cannot drift from what the code enforces.
 *   node scripts/permissions-doc.ts          rewrite the file
 *   (scripts/permissions-doc.test.ts fails when it is stale)
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import {
  ORG_PERMISSIONS,
  PROJECT_PERMISSIONS,
  ROLE_PERMISSIONS,
  SCOPE_PERMISSIONS,
} from "../workers/auth/permissions.ts";
import { isMain } from "./is-main.ts";

export const DOC_PATH = fileURLToPath(new URL("../docs/permissions.md", import.meta.url));

const ROLES = ["owner", "admin", "member", "annotator", "viewer"] as const;
const SCOPES = ["ingest", "read", "write", "admin"] as const;
const yes = (v: boolean) => (v ? "✓" : "");

export function renderPermissionsDoc(): string {
  const all = [...PROJECT_PERMISSIONS, ...ORG_PERMISSIONS];
  const header = `| permission | ${ROLES.join(" | ")} | key: ${SCOPES.join(" | key: ")} |`;
  const rule = `| --- | ${[...ROLES, ...SCOPES].map(() => ":-:").join(" | ")} |`;
  const rows = all.map((p) => {
    const roles = ROLES.map((r) => yes((ROLE_PERMISSIONS[r] as readonly string[]).includes(p)));
    const scopes = SCOPES.map((s) => yes((SCOPE_PERMISSIONS[s] as readonly string[]).includes(p)));
    return `| \`${p}\` | ${[...roles, ...scopes].join(" | ")} |`;
  });
  return `# Roles, API key scopes and permissions

Generated from \`workers/auth/permissions.ts\` by \`node scripts/permissions-doc.ts\`; a test fails
when this file is stale. Every API route names one permission (see \`x-sightline-access\` in
\`/api/openapi.json\`); one middleware checks it.

- **Roles** belong to a person in an organisation: owner, admin, member, annotator (views traces
  and adds feedback and labels only), viewer (read only).
- **Scopes** belong to an API key, which acts inside its one project and never holds organisation
  permissions. \`write\` includes \`read\`; \`admin\` holds every project permission.
- Anything in another organisation, or (for a key) another project, answers 404, never 403.

${header}
${rule}
${rows.join("\n")}

Extra rules enforced in the domain verbs with the same matrix: only holders of
\`members:manage-owners\` (owners) make or unmake owners or reset an owner's password; admins can
grant every role but owner; the last owner can neither leave nor be demoted (409); anyone may leave
an organisation; keys with the \`admin\` scope need \`apikeys:grant-admin\`.
`;
}

if (isMain(import.meta.url)) {
  await writeFile(DOC_PATH, renderPermissionsDoc());
  console.log(`wrote ${DOC_PATH}`);
}
