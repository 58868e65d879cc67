/**
 * The SDK checks scorer definitions before sending them, with its own copies of rules the server
 * keeps (it ships without the server's code): the built-in judges' names, the model-URI rule and
 * the judge template's variables. These tests fail when a copy drifts from the server's.
 */
import { describe, expect, it } from "vitest";
import {
  builtin,
  JUDGE_VARIABLES,
  makeJudge,
  BUILTIN_JUDGES as SDK_BUILTIN_JUDGES,
} from "../sdk/src/scorers.ts";
import { BUILTIN_JUDGES } from "../workers/judges/builtins.ts";
import { ModelUriSchema } from "../workers/judges/parse.ts";
import { TEMPLATE_VARIABLES } from "../workers/judges/template.ts";

describe("the SDK's copies of the server's scorer rules", () => {
  it("names the same built-in judges, in the same order", () => {
    expect([...SDK_BUILTIN_JUDGES]).toEqual([...BUILTIN_JUDGES]);
  });

  it("knows the same judge template variables", () => {
    expect([...JUDGE_VARIABLES]).toEqual([...TEMPLATE_VARIABLES]);
  });

  const provider64 = `p${"x".repeat(63)}`;
  const uris: [string, boolean][] = [
    ["openai:/gpt-4o-mini", true],
    ["my-azure_2:/deployments/gpt-4o", true],
    ["a:/b", true],
    ["openai://gpt", true],
    ["openai:/model with spaces", true],
    [`${provider64}:/m`, true],
    [`openai:/${"m".repeat(300 - "openai:/".length)}`, true],
    [`openai:/${"m".repeat(301 - "openai:/".length)}`, false],
    [`${provider64}x:/m`, false],
    ["gpt-4o-mini", false],
    ["openai:gpt-4o-mini", false],
    ["openai:/", false],
    [":/gpt", false],
    ["OpenAI:/gpt-4o", false],
    ["-openai:/gpt", false],
    ["_openai:/gpt", false],
    ["open ai:/gpt", false],
    ["openai:/gpt\n", false],
    [" openai:/gpt", false],
    ["", false],
  ];

  it("the server's model-URI rule reads the samples as they are labelled", () => {
    expect(uris.filter(([uri, valid]) => ModelUriSchema.safeParse(uri).success !== valid)).toEqual([]);
  });

  it("accepts and refuses the same model URIs as the server, in builtin() and makeJudge()", () => {
    const accepts = (make: () => unknown) => {
      try {
        make();
        return true;
      } catch {
        return false;
      }
    };
    const disagreements = uris.flatMap(([uri]) => {
      const server = ModelUriSchema.safeParse(uri).success;
      const sdk = {
        builtin: accepts(() => builtin("correctness", { model: uri })),
        makeJudge: accepts(() => makeJudge({ instructions: "Is {{ outputs }} polite?", model: uri })),
      };
      return sdk.builtin === server && sdk.makeJudge === server ? [] : [{ uri, server, sdk }];
    });
    expect(disagreements).toEqual([]);
  });
});
