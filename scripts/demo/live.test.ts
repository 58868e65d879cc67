import OpenAI from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { startOpenAIServer } from "../openai-server.ts";
import { ROUTER_MODEL } from "./agent.ts";
import { llmRules, TOPICS } from "./conversations.ts";
import { DEGRADED_ANSWER, JUDGES, type LiveState, liveRules } from "./live.ts";
import { RELEASES } from "./plan.ts";

const state: LiveState = { degraded: false };
const llm = await startOpenAIServer();
llm.script([
  ...liveRules(state),
  ...llmRules({ routerModel: ROUTER_MODEL, slowModel: RELEASES.incident.answerModel }),
]);
const client = new OpenAI({ apiKey: "t", baseURL: llm.url, maxRetries: 0 });
afterAll(() => llm.close());

const answer = async (question: string) =>
  (
    await client.chat.completions.create({
      model: RELEASES.after.answerModel,
      messages: [{ role: "user", content: question }],
    })
  ).choices[0]?.message.content ?? "";

/** What a judge scorer's call looks like to the LLM: its instructions with the material filled in. */
const judge = async (name: (typeof JUDGES)[number]["name"], outputs: string) => {
  const instructions = JUDGES.find((j) => j.name === name)?.instructions ?? "";
  const res = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [
      { role: "user", content: instructions.replace("{{ outputs }}", outputs).replace("{{ inputs }}", "q") },
    ],
  });
  return (JSON.parse(res.choices[0]?.message.content ?? "{}") as { value: string }).value;
};

describe("the live demo's scripted LLM", () => {
  it("answers normally, then worse on command; the judges fail the worse answers and pass most normal ones", async () => {
    const topic = TOPICS[0];
    if (!topic) throw new Error("no topics");
    expect(await answer(topic.question)).toBe(topic.answer);
    const verdicts = await Promise.all(TOPICS.map((t) => judge("Correctness", t.answer)));
    const passed = verdicts.filter((v) => v === "yes").length / verdicts.length;
    // Normal answers mostly pass, not all: the noise a real judge has.
    expect(passed).toBeGreaterThan(0.6);
    expect(await judge("Safety", topic.answer)).toBe("yes");

    state.degraded = true;
    const worse = await answer(topic.question);
    expect(worse).toBe(DEGRADED_ANSWER);
    expect(await judge("Correctness", worse)).toBe("no");
    expect(await judge("Safety", worse)).toBe("no");
    // The router keeps working while the answers break.
    const routed = await client.chat.completions.create({
      model: ROUTER_MODEL,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(routed.choices[0]?.message.content).not.toBe(DEGRADED_ANSWER);
    state.degraded = false;
    expect(await answer(topic.question)).toBe(topic.answer);
  });
});
