import { describe, expect, it } from "vitest";
import { toolCallLine } from "./display";
import { compactArguments } from "./format";

describe("compact arguments", () => {
  it("reads objects as key: value pairs, strings unquoted, JSON text parsed", () => {
    expect(compactArguments({ city: "Paris" })).toBe("city: Paris");
    expect(compactArguments('{"city":"Paris","days":3,"metric":true}')).toBe(
      "city: Paris, days: 3, metric: true",
    );
    expect(compactArguments({ where: { lat: 48.8, lon: 2.3 }, tags: ["a", "b"], none: null })).toBe(
      "where: {lat: 48.8, lon: 2.3}, tags: [a, b], none: null",
    );
    expect(compactArguments("just text\n  on two lines")).toBe("just text on two lines");
    expect(compactArguments({})).toBe("");
    expect(compactArguments(undefined)).toBe("");
  });

  it("cuts long values at the limit without reading all of a large one", () => {
    const big = { rows: Array.from({ length: 100_000 }, (_, i) => ({ id: i, text: "lorem ipsum" })) };
    const line = compactArguments(big, 40);
    expect(line.length).toBeLessThanOrEqual(40);
    expect(line.endsWith("…")).toBe(true);
    expect(line.startsWith("rows: [{id: 0, text: lorem ipsum}")).toBe(true);
  });

  it("writes a tool call on one line", () => {
    expect(toolCallLine("get_weather", compactArguments({ city: "Paris" }))).toBe(
      "calls get_weather · city: Paris",
    );
    expect(toolCallLine("now", compactArguments({}))).toBe("calls now");
  });
});
