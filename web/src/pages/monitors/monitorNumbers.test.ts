import { describe, expect, it } from "vitest";
import { formatRate, percentProblem } from "./monitorNumbers";

describe("a monitor's rate", () => {
  it("is typed in percent, checked before the request", () => {
    expect(percentProblem("50")).toBeNull();
    expect(percentProblem("0")).toBeNull();
    expect(percentProblem("")).toMatch(/Enter a percentage/);
    expect(percentProblem("abc")).toMatch(/Enter a percentage/);
    expect(percentProblem("120")).toMatch(/Between 0 and 100/);
  });

  it("is shown in percent with at most three digits", () => {
    expect(formatRate(0.5)).toBe("50 %");
    expect(formatRate(0.125)).toBe("12.5 %");
    expect(formatRate(1)).toBe("100 %");
    expect(formatRate(1 / 3)).toBe("33.3 %");
  });
});
