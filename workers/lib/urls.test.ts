import { describe, expect, it } from "vitest";
import { projectUrl } from "./urls";

describe("projectUrl", () => {
  const base = "https://sightline.example.com/";
  it("builds the dashboard's project URLs, escaping ids and keeping filters in the query", () => {
    expect(projectUrl(base, "prj_1", { page: "overview" })).toBe("https://sightline.example.com/p/prj_1");
    expect(projectUrl(base, "prj_1", { page: "trace", traceId: "5b8e", spanId: "0515" })).toBe(
      "https://sightline.example.com/p/prj_1/traces/5b8e?span=0515",
    );
    expect(projectUrl(base, "prj_1", { page: "session", sessionId: "chat 4/2" })).toBe(
      "https://sightline.example.com/p/prj_1/sessions/chat%204%2F2",
    );
    expect(
      projectUrl(base, "prj_1", { page: "traces", query: { status: "ERROR", tag: ["env=prod", "team=a"] } }),
    ).toBe("https://sightline.example.com/p/prj_1/traces?status=ERROR&tag=env%3Dprod&tag=team%3Da");
    expect(projectUrl(base, "prj_1", { page: "alert", alertId: "alr_1" })).toBe(
      "https://sightline.example.com/p/prj_1/monitors/alerts/alr_1",
    );
  });
});
