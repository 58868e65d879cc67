import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { DOC_PATH, renderPermissionsDoc } from "./permissions-doc.ts";

it("docs/permissions.md matches the permission matrix in code (run node scripts/permissions-doc.ts)", async () => {
  expect(await readFile(DOC_PATH, "utf8")).toBe(renderPermissionsDoc());
});
