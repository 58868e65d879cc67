import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  clearedFilters,
  DEFAULT_FILTERS,
  filtersToSearch,
  parseFilters,
  type TraceFilters,
  toTraceQuery,
} from "./filters";

const filters = (overrides: Partial<TraceFilters>): TraceFilters => ({ ...DEFAULT_FILTERS, ...overrides });

describe("trace list filters in the URL", () => {
  it("round-trips every kind of filter through the query string", () => {
    const shared = filters({
      range: "24h",
      status: "ERROR",
      name: "checkout",
      model: "gpt-4o",
      contains: "refund",
      tag: ["env=prod", "team=a=b"],
      metadata: ["customer=acme"],
      minLatencyMs: "250",
      maxCost: "0.5",
      sort: "latency",
      order: "asc",
    });
    const search = filtersToSearch(shared);
    expect(parseFilters(search)).toEqual(shared);
    expect(new URLSearchParams(search).getAll("tag")).toEqual(["env=prod", "team=a=b"]);
  });

  it("keeps a custom time range as from/to and reads it back as custom", () => {
    const custom = filters({
      range: "custom",
      from: "2025-01-01T00:00:00.000Z",
      to: "2025-01-02T00:00:00.000Z",
    });
    const search = filtersToSearch(custom);
    expect(search).toBe("?from=2025-01-01T00%3A00%3A00.000Z&to=2025-01-02T00%3A00%3A00.000Z");
    expect(parseFilters(search)).toEqual(custom);
  });

  it("leaves defaults out, so an unfiltered list has a bare URL", () => {
    expect(filtersToSearch(DEFAULT_FILTERS)).toBe("");
    expect(parseFilters("")).toEqual(DEFAULT_FILTERS);
  });

  it("keeps extra parameters such as the open quick view", () => {
    expect(filtersToSearch(filters({ status: "OK" }), { peek: "tr_1", gone: null })).toBe(
      "?status=OK&peek=tr_1",
    );
  });

  it("ignores values a hand-edited URL got wrong instead of sending them to the API", () => {
    const parsed = parseFilters(
      "?status=BROKEN&minTokens=lots&sort=random&order=up&tag=novalue&tag==x&range=2w",
    );
    expect(parsed).toEqual(DEFAULT_FILTERS);
  });
});

describe("feedback filters", () => {
  it("round-trip as the API's repeatable parameters", () => {
    const feedback = filters({
      feedback: ["tone", "rating=4", "answer=a=b"],
      passed: ["correctness"],
      failed: ["safety", "groundedness"],
      feedbackSource: "LLM_JUDGE",
    });
    const search = filtersToSearch(feedback);
    expect(new URLSearchParams(search).getAll("failed")).toEqual(["safety", "groundedness"]);
    expect(parseFilters(search)).toEqual(feedback);
    expect(activeFilterCount(feedback)).toBe(7);
  });

  it("drop names the API would refuse", () => {
    const parsed = parseFilters("?passed=bad%3Cname%3E&failed=&feedback=%3Dx&feedbackSource=ROBOT");
    expect(parsed).toEqual(DEFAULT_FILTERS);
  });

  it("send the source only with a feedback filter it qualifies", () => {
    expect(toTraceQuery(filters({ feedbackSource: "HUMAN" })).feedbackSource).toBeUndefined();
    expect(toTraceQuery(filters({ passed: ["correctness"], feedbackSource: "HUMAN" }))).toMatchObject({
      passed: ["correctness"],
      feedbackSource: "HUMAN",
    });
  });
});

describe("active filters", () => {
  it("counts what narrows the list, not the sorting", () => {
    const some = filters({ range: "7d", userId: "u1", tag: ["a=1", "b=2"], maxTokens: "10", sort: "cost" });
    expect(activeFilterCount(some)).toBe(5);
    expect(activeFilterCount(filters({ sort: "cost", order: "asc", name: "  " }))).toBe(0);
  });

  it("clearing keeps the sort order", () => {
    const cleared = clearedFilters(filters({ status: "ERROR", tag: ["a=1"], sort: "tokens", order: "asc" }));
    expect(cleared).toEqual(filters({ sort: "tokens", order: "asc" }));
  });
});

describe("the API query", () => {
  const now = Date.parse("2025-06-01T12:00:00.000Z");

  it("resolves a relative range against now and sends numbers as numbers", () => {
    const query = toTraceQuery(filters({ range: "1h", minLatencyMs: "100", maxCost: "0.25" }), now);
    expect(query).toEqual({
      sort: "time",
      order: "desc",
      from: "2025-06-01T11:00:00.000Z",
      minLatencyMs: 100,
      maxCost: 0.25,
    });
  });

  it("holds back a text search shorter than three characters", () => {
    expect(toTraceQuery(filters({ contains: "ab" }), now).contains).toBeUndefined();
    expect(toTraceQuery(filters({ contains: " abc " }), now).contains).toBe("abc");
  });
});
