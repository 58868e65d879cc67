import { describe, expect, it } from "vitest";
import type { JudgeProvider } from "../../api/judgeProviders";
import { inputFrom, modelUri, type ProviderDraft, patchFrom, validateDraft } from "./judgeProviderForm";

const draft = (change: Partial<ProviderDraft> = {}): ProviderDraft => ({
  name: "openai",
  baseUrl: "https://api.openai.com/v1",
  apiKey: "sk-test-1234",
  replaceHeaders: false,
  headers: [],
  ...change,
});

const stored: JudgeProvider = {
  id: "crd_1",
  name: "openai",
  baseUrl: "https://api.openai.com/v1",
  keyHint: "…1234",
  headerNames: ["OpenAI-Organization"],
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
};

describe("validateDraft", () => {
  it("accepts a complete provider", () => {
    expect(validateDraft(draft(), false)).toEqual({});
  });

  it("says what is wrong with the name, the URL and the key", () => {
    const errors = validateDraft(
      draft({ name: "OpenAI", baseUrl: "api.openai.com", apiKey: "short" }),
      false,
    );
    expect(errors.name).toMatch(/lower-case/);
    expect(errors.baseUrl).toMatch(/full URL/);
    expect(errors.apiKey).toMatch(/at least 8/);
    expect(validateDraft(draft({ baseUrl: "ftp://example.com" }), false).baseUrl).toMatch(/http/);
    expect(validateDraft(draft({ name: "-x" }), false).name).toBeDefined();
    expect(validateDraft(draft({ name: "a".repeat(65) }), false).name).toMatch(/64/);
  });

  it("needs a key when adding, and keeps the stored one when a change leaves it empty", () => {
    expect(validateDraft(draft({ apiKey: "" }), false).apiKey).toBeDefined();
    expect(validateDraft(draft({ apiKey: "" }), true)).toEqual({});
  });

  it("refuses reserved, unnamed, repeated and empty headers", () => {
    const row = (name: string, value = "v") => ({ id: Math.random(), name, value });
    const problem = (...rows: ReturnType<typeof row>[]) =>
      validateDraft(draft({ headers: rows }), false).headers;
    expect(problem(row("Authorization"))).toMatch(/can't be an extra header/);
    expect(problem(row(" "))).toMatch(/name/);
    expect(problem(row("X-Org"), row("x-org"))).toMatch(/twice/);
    expect(problem(row("X-Org", ""))).toMatch(/value of X-Org/);
    expect(problem(row("X Org"))).toMatch(/not a header name/);
    expect(problem(row("X-Org"))).toBeUndefined();
  });

  it("checks headers on a change only when they are replaced", () => {
    const headers = [{ id: 1, name: "X-Org", value: "" }];
    expect(validateDraft(draft({ headers }), true).headers).toBeUndefined();
    expect(validateDraft(draft({ headers, replaceHeaders: true }), true).headers).toBeDefined();
  });
});

describe("request bodies", () => {
  it("sends headers as a record, trimmed names, and none when there are none", () => {
    expect(
      inputFrom(draft({ name: " openai ", headers: [{ id: 1, name: " X-Org ", value: "org-1" }] })),
    ).toEqual({
      name: "openai",
      baseUrl: "https://api.openai.com/v1",
      apiKey: "sk-test-1234",
      headers: { "X-Org": "org-1" },
    });
    expect(inputFrom(draft())).not.toHaveProperty("headers");
  });

  it("patches only what changed", () => {
    expect(patchFrom(draft({ apiKey: "" }), stored)).toEqual({});
    expect(patchFrom(draft({ apiKey: "", baseUrl: "https://api.openai.com/v1/" }), stored)).toEqual({});
    expect(patchFrom(draft({ name: "oai", apiKey: "sk-new-5678" }), stored)).toEqual({
      name: "oai",
      apiKey: "sk-new-5678",
    });
    expect(patchFrom(draft({ apiKey: "", replaceHeaders: true, headers: [] }), stored)).toEqual({
      headers: {},
    });
  });

  it("names models as provider:/model", () => {
    expect(modelUri("openai", "gpt-4o-mini")).toBe("openai:/gpt-4o-mini");
  });
});
