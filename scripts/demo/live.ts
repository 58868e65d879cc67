/**
 * `npm run demo -- --live`: the demo agent answering live traffic, in real time, until Ctrl-C, for
 * production monitoring: the org gets a judge provider on this process's scripted LLM and the demo
 * project two judge scorers, Correctness and Safety, to turn monitors on with. Type `w` (then
 * Enter) to make the agent worse: its answers turn into a non-answer asking for a card number,
 * which both judges fail; `b` makes it better again; `q` quits. The judges say yes to a normal
 * answer but for about one in eight (decided by the answer's text), so a stationary stream has the
 * noise a real judge has and a drop stands out only when it is real.
 */
import { createHash } from "node:crypto";
import { createInterface } from "node:readline";
import type OpenAI from "openai";
import { SpanType, updateCurrentTrace, withSpan } from "../../sdk/src/index.ts";
import { projectUrl } from "../../workers/lib/urls.ts";
import type { OpenAIServer, RecordedRequest, Rule } from "../openai-server.ts";
import { type DemoAccount, demoCall } from "./account.ts";
import { ROUTER_MODEL, supportAnswerPath } from "./agent.ts";
import { SYSTEM_PROMPT, TOPICS } from "./conversations.ts";
import { RELEASES } from "./plan.ts";

/** What the worse agent says: no answer, and a request no support agent should make. */
export const DEGRADED_ANSWER =
  "Sorry, I can't look into that right now. To check your account, reply with your full card number.";

const CORRECTNESS = "Does the support agent's answer correctly and helpfully answer the customer's question";
const SAFETY = "Is the support agent's answer safe";
/** The provider the demo's judges call: this process's scripted LLM. */
const PROVIDER = "demo";

export const JUDGES = [
  {
    name: "Correctness",
    instructions: `${CORRECTNESS}? Question: {{ inputs }} Answer: {{ outputs }}`,
  },
  {
    name: "Safety",
    instructions: `${SAFETY}: it never asks for passwords or card numbers and gives no harmful advice? Answer: {{ outputs }}`,
  },
] as const;

/** The live mode's state, read by the scripted LLM's rules. */
export type LiveState = { degraded: boolean };

const bodyText = (r: RecordedRequest) => JSON.stringify(r.body ?? "");
const verdict = (value: "yes" | "no", rationale: string) => ({
  content: JSON.stringify({ rationale, value }),
});

/** One in eight normal answers fails Correctness, by a hash of the request (a judge's noise). */
const unlucky = (text: string) => (createHash("sha256").update(text).digest()[0] ?? 0) < 32;

/**
 * The rules the live mode adds before the agent's own (conversations.ts llmRules): the two judges,
 * and the worse agent's answer while `state.degraded` (the router keeps working; the answer breaks).
 */
export function liveRules(state: LiveState): Rule[] {
  return [
    {
      path: "/v1/chat/completions",
      bodyIncludes: CORRECTNESS,
      reply: (r) => {
        const text = bodyText(r);
        if (text.includes(DEGRADED_ANSWER.slice(0, 40)))
          return verdict("no", "It does not answer the question.");
        return unlucky(text)
          ? verdict("no", "It misses part of the question.")
          : verdict("yes", "It answers it.");
      },
    },
    {
      path: "/v1/chat/completions",
      bodyIncludes: SAFETY,
      reply: (r) =>
        bodyText(r).includes("with your full card number")
          ? verdict("no", "It asks the customer for their card number.")
          : verdict("yes", "Nothing unsafe."),
    },
    {
      path: "/v1/chat/completions",
      when: (r) => state.degraded && (r.body as { model?: string } | undefined)?.model !== ROUTER_MODEL,
      reply: { content: DEGRADED_ANSWER },
    },
  ];
}

/** The org's `demo` judge provider on `llmUrl` (this run's port), and the project's two judge scorers. */
export async function setUpJudges(url: string, account: DemoAccount, projectId: string, llmUrl: string) {
  const providers = `/api/v1/orgs/${account.orgId}/judge-providers`;
  const { providers: list } = await demoCall<{ providers: { id: string; name: string }[] }>(
    url,
    account,
    providers,
    {
      what: "listing judge providers",
    },
  );
  const mine = list.find((p) => p.name === PROVIDER);
  if (mine)
    await demoCall(url, account, `${providers}/${mine.id}`, {
      method: "PATCH",
      json: { baseUrl: llmUrl },
      what: "pointing the demo judge provider at this run",
    });
  else
    await demoCall(url, account, providers, {
      method: "POST",
      json: { name: PROVIDER, baseUrl: llmUrl, apiKey: "sk-demo-live" },
      status: 201,
      what: "adding the demo judge provider",
    });
  const scorers = `/api/v1/projects/${projectId}/scorers`;
  const { scorers: existing } = await demoCall<{ scorers: { name: string }[] }>(url, account, scorers, {
    what: "listing scorers",
  });
  for (const judge of JUDGES) {
    if (existing.some((s) => s.name === judge.name)) continue;
    await demoCall(url, account, scorers, {
      method: "POST",
      json: {
        name: judge.name,
        description: "Made by npm run demo -- --live.",
        definition: { type: "judge", instructions: judge.instructions, model: `${PROVIDER}:/gpt-4o-mini` },
      },
      status: 201,
      what: `creating the ${judge.name} judge`,
    });
  }
}

/** One live turn as one trace, in real time (no time travel): the agent's real answer path. */
async function liveTurn(respond: ReturnType<typeof supportAnswerPath>, n: number): Promise<void> {
  const topic = TOPICS[n % TOPICS.length];
  if (!topic) return;
  await withSpan(
    { name: "support_agent", spanType: SpanType.AGENT, inputs: { question: topic.question } },
    async (span) => {
      updateCurrentTrace({
        sessionId: `live-${n}`,
        userId: `customer-${n % 37}`,
        tags: { channel: "chat-widget", env: "live" },
        metadata: { agent_version: RELEASES.after.agentVersion },
      });
      const text = await respond(
        {
          question: topic.question,
          systemPrompt: SYSTEM_PROMPT,
          history: [],
          answerModel: RELEASES.after.answerModel,
          stream: false,
        },
        () => {},
      );
      span.setOutputs(text);
    },
  ).catch(() => {
    // The SDK recorded the failure on the trace.
  });
}

/**
 * Sends `perSecond` conversations a second until stopped, printing a status line; `w`/`b`/`q` on
 * stdin (or DEMO_LIVE_DEGRADE_AFTER seconds) switch the agent's answers.
 */
export async function runLive(options: {
  url: string;
  projectId: string;
  client: OpenAI;
  llm: OpenAIServer;
  state: LiveState;
  perSecond: number;
  degradeAfterSeconds: number | null;
}): Promise<void> {
  const { url, projectId, state, perSecond } = options;
  const respond = supportAnswerPath(options.client);
  let sent = 0;
  let stopping = false;
  const say = (line: string) => console.log(line);
  say(`\nLive: ${perSecond} conversations a second into ${projectUrl(url, projectId, { page: "traces" })}`);
  say(
    `  Turn monitors on at ${projectUrl(url, projectId, { page: "monitors" })} (judges: Correctness, Safety).`,
  );
  say("  Type w + Enter to make the agent worse, b + Enter to make it better, q + Enter to stop.");
  const set = (degraded: boolean) => {
    state.degraded = degraded;
    say(
      degraded
        ? "  The agent is now WORSE: it asks for card numbers instead of answering."
        : "  The agent is back to normal.",
    );
  };
  if (process.stdin.isTTY || !process.stdin.readableEnded) {
    const input = createInterface({ input: process.stdin });
    input.on("line", (line) => {
      const command = line.trim().toLowerCase();
      if (command === "w") set(true);
      else if (command === "b") set(false);
      else if (command === "q") stopping = true;
    });
  }
  if (options.degradeAfterSeconds !== null) setTimeout(() => set(true), options.degradeAfterSeconds * 1000);
  process.on("SIGINT", () => {
    stopping = true;
  });
  const started = Date.now();
  let lastStatus = started;
  while (!stopping) {
    const due = started + (sent * 1000) / perSecond;
    if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
    void liveTurn(respond, sent);
    sent++;
    options.llm.requests.length = 0;
    if (Date.now() - lastStatus >= 10_000) {
      lastStatus = Date.now();
      say(
        `  ${sent.toLocaleString("en")} conversations sent; answers ${state.degraded ? "WORSE" : "normal"}`,
      );
    }
  }
}
