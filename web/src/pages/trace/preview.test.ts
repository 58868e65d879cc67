import { describe, expect, it } from "vitest";
import { readablePreview } from "./preview";

describe("readable previews", () => {
  it("shows the text of GenAI, OpenAI and LangChain messages", () => {
    const genAi = '[{"role":"user","parts":[{"type":"text","content":"What is the weather in Paris?"}]}]';
    expect(readablePreview(genAi, "input")).toBe("What is the weather in Paris?");
    const openAi = '{"role":"assistant","content":"It is 18°C and sunny in Paris.","refusal":null}';
    expect(readablePreview(openAi, "output")).toBe("It is 18°C and sunny in Paris.");
    const langChain =
      '{"messages":[{"lc":1,"type":"constructor","id":["langchain_core","messages","HumanMessage"],"kwargs":{"content":"Hi"}}]}';
    expect(readablePreview(langChain, "input")).toBe("Hi");
  });

  it("leaves text, cut JSON and non-text messages as they are", () => {
    expect(readablePreview("plain", "input")).toBe("plain");
    expect(readablePreview('[{"role":"user","parts":[{"type":"te', "input")).toBe(
      '[{"role":"user","parts":[{"type":"te',
    );
    const call = '[{"role":"assistant","parts":[{"type":"tool_call","id":"a","name":"f","arguments":{}}]}]';
    expect(readablePreview(call, "output")).toBe(call);
  });
});
