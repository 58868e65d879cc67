import { describe, expect, it } from "vitest";
import { call } from "../test/helpers";

describe("API documentation", () => {
  it("serves a generated OpenAPI 3.1 document with the shared error schema", async () => {
    const res = await call("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/health");
    expect(doc.components.schemas.Error).toBeDefined();
    const post = doc.paths["/api/diagnostics/queue-probes"]?.post;
    expect(Object.keys(post?.responses ?? {})).toEqual(
      expect.arrayContaining(["202", "400", "413", "415", "422"]),
    );
  });

  it("serves a readable reference page listing every route", async () => {
    const res = await call("/api/reference");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("/api/health");
    expect(html).toContain("/api/diagnostics/queue-probes/{probeId}");
  });
});
