import { describe, expect, it } from "vitest";
import { can } from "../../auth/permissions";

describe("who sees the prompt registry's actions", () => {
  it("lets members edit prompts but only admins and owners promote (move production)", () => {
    expect(can.editPrompts("member")).toBe(true);
    expect(can.editPrompts("viewer")).toBe(false);
    expect(can.promotePrompts("member")).toBe(false);
    expect(can.promotePrompts("admin")).toBe(true);
    expect(can.promotePrompts("owner")).toBe(true);
    expect(can.promotePrompts(null)).toBe(false);
  });
});
