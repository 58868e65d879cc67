/**
 * The SDK checks scorer definitions before sending them, with its own copies of rules the server
 * keeps (it ships without the server's code): the built-in judges' names, the model-URI rule and
 * the judge template's variables; and it renders prompts itself, with copies of the prompt
 * template's placeholder rule and of the prompt URI, name and alias rules. These tests fail when a
 * copy drifts from the server's.
 */
import { describe, expect, it } from "vitest";
import { isAliasName, isPromptName, parsePromptUri as sdkParsePromptUri } from "../sdk/src/prompt-refs.ts";
import { renderMessages, extractVariables as sdkExtractVariables } from "../sdk/src/prompt-template.ts";
import {
  builtin,
  JUDGE_VARIABLES,
  makeJudge,
  BUILTIN_JUDGES as SDK_BUILTIN_JUDGES,
} from "../sdk/src/scorers.ts";
import { BUILTIN_JUDGES } from "../workers/judges/builtins.ts";
import { ModelUriSchema } from "../workers/judges/parse.ts";
import { TEMPLATE_VARIABLES } from "../workers/judges/template.ts";
import { AliasName, PromptName } from "../workers/prompts/schemas.ts";
import { extractVariables, renderTemplate } from "../workers/prompts/template.ts";
import { parsePromptUri } from "../workers/prompts/uri.ts";

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

describe("the SDK's copies of the server's prompt rules", () => {
  const texts = [
    "{{ question }}",
    "{{question}}{{ question }}",
    "{{  user.name\t}} and {{ a_b.c9 }}",
    "{{ not a var }} {{ x-y }} {{ }} {{ é }} {{ 1 }}",
    "{ { a } } {{{ b }}} {{c}}}",
    `{{ ${"v".repeat(100)} }} {{ ${"w".repeat(101)} }}`,
    "{{ a }\n}} {{\n b \n}} {{ c }} {{ c }}",
    'no placeholders, {"json": {"nested": 1}}',
  ];
  const variables = {
    question: "Why?",
    "user.name": "Ada",
    a_b: { nested: [1, "x"] },
    "a_b.c9": 3,
    1: true,
    a: null,
    b: "$& $1 $$",
    c: "",
    [`${"v".repeat(100)}`]: "long",
  };

  it("extracts the same variables, in the same order", () => {
    expect(texts.map((t) => sdkExtractVariables(t))).toEqual(texts.map((t) => extractVariables(t)));
    const chat = texts.map((content, i) => ({ role: i % 2 ? "user" : "system", content }));
    expect(sdkExtractVariables(chat)).toEqual(extractVariables(chat));
  });

  it("renders the same text, and refuses the same missing variables", () => {
    const chat = texts.map((content) => ({ role: "user", content }));
    const label = { name: "p", version: 1 };
    const server = renderTemplate(chat, variables);
    if (!("rendered" in server)) throw new Error("the samples should render");
    expect(renderMessages(chat, variables, sdkExtractVariables(chat), label)).toEqual(
      server.rendered.messages,
    );
    const lacking = { question: "q", c: "" };
    const refused = renderTemplate(chat, lacking);
    if (!("missing" in refused)) throw new Error("the samples should lack variables");
    expect(() => renderMessages(chat, lacking, sdkExtractVariables(chat), label)).toThrow(
      `Missing variables ${refused.missing.map((m) => `"${m}"`).join(", ")} for prompt "p" version 1.`,
    );
    const missing = renderTemplate("{{ a }} {{ zz }} {{ yy }}", { a: 1 });
    expect(missing).toEqual({ missing: ["zz", "yy"] });
  });

  const names = [
    "faq",
    "a.b-c_d",
    "...",
    "..a",
    "resolve",
    "Resolve",
    "",
    "a b",
    "a/b",
    "a@b",
    "x".repeat(100),
    "x".repeat(101),
    "é",
  ];
  it("accepts the same prompt and alias names", () => {
    expect(names.map(isPromptName)).toEqual(names.map((n) => PromptName.safeParse(n).success));
    const aliases = [...names, "latest", "production", "y".repeat(64), "y".repeat(65)];
    expect(aliases.map(isAliasName)).toEqual(aliases.map((a) => AliasName.safeParse(a).success));
  });

  it("reads prompt URIs as the server does", () => {
    const uris = [
      "prompts:/faq/3",
      "prompts:/faq@production",
      "prompts:/faq@latest",
      " prompts:/faq@latest ",
      "prompts:/faq/0",
      "prompts:/faq/01",
      "prompts:/faq/1234567890",
      "prompts:/faq/123456789",
      "prompts:/faq",
      "prompts:/faq@",
      "prompts:/faq@a@b",
      "prompts:/faq/3/4",
      "prompts://faq/3",
      "prompts:/resolve/1",
      "prompts:/.../1",
      "prompts:/faq@...",
      `prompts:/faq@${"y".repeat(65)}`,
      "prompt:/faq/1",
    ];
    const sdk = uris.map((u) => {
      const ref = sdkParsePromptUri(u);
      return (
        ref &&
        (ref.version !== undefined
          ? { name: ref.name, version: ref.version }
          : { name: ref.name, alias: ref.alias })
      );
    });
    expect(sdk).toEqual(uris.map((u) => parsePromptUri(u)));
  });
});
