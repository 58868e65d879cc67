import { describe, expect, it } from "vitest";
import { EMPTY_FILTER, filterChips, filterOf, tagsProblem } from "./filter";

describe("a monitor's filter", () => {
  it("sends only the fields filled in, tags as the API's key=value list", () => {
    expect(filterOf(EMPTY_FILTER)).toEqual({});
    expect(filterOf({ name: " support_agent ", tags: "env=prod, tier=paid,", model: "gpt-4o-mini" })).toEqual(
      {
        name: "support_agent",
        tag: ["env=prod", "tier=paid"],
        model: "gpt-4o-mini",
      },
    );
  });

  it("refuses a tag that is not key=value before the request", () => {
    expect(tagsProblem("")).toBeNull();
    expect(tagsProblem("env=prod, team=a=b")).toBeNull();
    expect(tagsProblem("env=prod, prod")).toMatch(/“prod” is not key=value/);
    expect(tagsProblem("=prod")).toMatch(/not key=value/);
  });

  it("reads a stored filter as chips, one per value, unknown fields under their own name", () => {
    expect(filterChips({})).toEqual([]);
    expect(
      filterChips({ name: "support_agent", tag: ["env=prod", "tier=paid"], minCost: 0.5, newField: true }),
    ).toEqual(["name support_agent", "tag env=prod", "tag tier=paid", "cost ≥ $0.5", "newField true"]);
  });
});
