/**
 * The demo evaluation's cases and its scripted LLM: every question is answered by its own rule
 * (no question contains another), the terse prompt breaks exactly the refund and cancellation
 * answers, and the judges decide from their prompts' material through the real openai client.
 */
import { readFileSync } from "node:fs";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAIServer, startOpenAIServer } from "../openai-server.ts";
import { ROUTER_MODEL } from "./agent.ts";
import { asksForOneSentence, EVAL_CASES, evalAgentRules, evalRecords, firstSentence } from "./eval-cases.ts";
import { evalJudgeRules } from "./eval-judges.ts";

let server: OpenAIServer;
let openai: OpenAI;
const read = (file: string) => readFileSync(new URL(file, import.meta.url), "utf8");

beforeAll(async () => {
  server = await startOpenAIServer();
  server.script([...evalJudgeRules(), ...evalAgentRules()]);
  openai = new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

const chat = async (model: string, system: string, user: string) =>
  (
    await openai.chat.completions.create({
      model,
      messages: [
        { role: "system", content: system },
        { role: "user", content: user },
      ],
    })
  ).choices[0]?.message;

describe("the evaluation's cases", () => {
  it("has 80 distinct questions, each with expected facts its full answer states", () => {
    expect(EVAL_CASES).toHaveLength(80);
    expect(new Set(EVAL_CASES.map((c) => c.question)).size).toBe(80);
    for (const c of EVAL_CASES.filter(
      (c) => !c.question.includes("gift card") && !c.question.includes("GC-"),
    ))
      for (const fact of c.facts) expect(c.answer.toLowerCase(), c.question).toContain(fact.toLowerCase());
    // What a one-sentence answer loses: a fact of the refunds (orders 2xxx) and cancellations (4xxx).
    const states = (text: string, facts: string[]) =>
      facts.every((f) => text.toLowerCase().includes(f.toLowerCase()));
    const broken = EVAL_CASES.filter(
      (c) => states(c.answer, c.facts) && !states(firstSentence(c.answer), c.facts),
    );
    expect(broken.map((c) => c.order?.[0])).toEqual([...Array(8).fill("2"), ...Array(8).fill("4")]);
    expect(EVAL_CASES.filter((c) => !states(c.answer, c.facts))).toHaveLength(8);
    expect(evalRecords()[0]).toEqual({
      inputs: { question: "Where is my refund for order 2041?" },
      expectations: { expected_facts: ["refund was issued", "3-5 business days"] },
    });
  });

  it("answers each question with its own answer, whole or as its first sentence by the prompt", async () => {
    const support = read("./prompts/support.txt");
    const terse = read("./prompts/terse.txt");
    expect([asksForOneSentence(support), asksForOneSentence(terse)]).toEqual([false, true]);
    let shortened = 0;
    for (const c of EVAL_CASES) {
      expect((await chat("gpt-4.1-mini", support, c.question))?.content).toBe(c.answer);
      const short = (await chat("gpt-4.1-mini", terse, c.question))?.content;
      expect(short).toBe(firstSentence(c.answer));
      if (short !== c.answer) shortened++;
    }
    expect(shortened).toBe(80);
    expect(firstSentence("Use 'Forgot password?' here. Then wait.")).toBe("Use 'Forgot password?' here.");
  });

  it("routes order questions to lookup_order with their order number", async () => {
    const routed = await chat(ROUTER_MODEL, "support", "Can I cancel order 4012?");
    expect(routed?.tool_calls?.[0]).toMatchObject({
      function: { name: "lookup_order", arguments: '{"order":"4012"}' },
    });
    expect((await chat(ROUTER_MODEL, "support", "Do you ship to Canada?"))?.content).toBe("no_tool");
  });
});

describe("the scripted judges", () => {
  const correctness = (response: string, facts: string[]) =>
    chat(
      "gpt-4o-mini",
      "You assess the quality of an AI application's work",
      `Is the response correct? It is correct when …\n\n## Request\n{"question":"q"}\n\n## Response\n${response}\n\n## Expected facts\n${JSON.stringify(facts, null, 2)}`,
    ).then((m) => JSON.parse(m?.content ?? "{}"));

  it("passes a response stating every expected fact, whatever the case, and names the missing ones", async () => {
    expect(
      await correctness("The REFUND was issued; 3-5 business days.", [
        "refund was issued",
        "3-5 business days",
      ]),
    ).toMatchObject({ value: "yes" });
    expect(await correctness("The refund was issued.", ["refund was issued", "3-5 business days"])).toEqual({
      value: "no",
      rationale: 'The response does not state "3-5 business days".',
    });
  });

  it("finds a reply polite unless it is dismissive", async () => {
    const polite = (reply: string) =>
      chat(
        "gpt-4o-mini",
        "assess",
        `Is this reply to a customer polite and friendly? …\n\nReply: ${reply}`,
      ).then((m) => JSON.parse(m?.content ?? "{}").value);
    expect(await polite("Happy to help: your refund is on its way.")).toBe("yes");
    expect(await polite("That is not our problem.")).toBe("no");
  });
});
