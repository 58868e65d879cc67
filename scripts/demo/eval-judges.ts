/**
 * The demo evaluation's two LLM judges, registered in the project and run by Sightline's judge
 * runner on the scripted LLM (the organization's judge provider `demo-llm`), and that LLM's
 * judging: deterministic, from the material in the judge's prompt. `correctness` (built in)
 * passes when the response states every expected fact (case aside) and names the ones it misses;
 * `polite` (a custom judge) passes unless the reply is curt or dismissive.
 */
import { builtin, makeJudge, type ScorerDefinition } from "../../sdk/src/index.ts";
import type { RecordedRequest, Reply, Rule } from "../openai-server.ts";

/** The judge provider's name in the organization; the judges' model URIs start with it. */
export const JUDGE_PROVIDER = "demo-llm";
const JUDGE_MODEL = `${JUDGE_PROVIDER}:/gpt-4o-mini`;

const POLITE_INSTRUCTIONS =
  "Is this reply to a customer polite and friendly? Answer no if it is curt, rude or dismissive.\n\nReply: {{ outputs }}";

/** The registered scorers, by name. */
export const DEMO_JUDGES: { name: string; description: string; definition: ScorerDefinition }[] = [
  {
    name: "correctness",
    description: "States every expected fact of the record (built-in judge).",
    definition: builtin("correctness", { model: JUDGE_MODEL }),
  },
  {
    name: "polite",
    description: "The reply is polite and friendly (custom judge).",
    definition: makeJudge({ instructions: POLITE_INSTRUCTIONS, model: JUDGE_MODEL }),
  },
];

/** Phrases the polite judge takes for a dismissive reply. */
const DISMISSIVE = ["not our problem", "nothing we can do", "read the faq"];

/** The judge prompt's user message: the question, then `## Label` sections (workers/scorers/judge-scorer.ts). */
function userMessage(request: RecordedRequest): string {
  const messages = (request.body as { messages?: { role?: unknown; content?: unknown }[] }).messages;
  const user = messages?.find((m) => m.role === "user")?.content;
  return typeof user === "string" ? user : "";
}

/** The text of one `## Label` section of a built-in judge's prompt. */
function section(text: string, label: string): string {
  const start = text.indexOf(`\n## ${label}\n`);
  if (start < 0) return "";
  const from = start + label.length + 5;
  const end = text.indexOf("\n\n## ", from);
  return text.slice(from, end < 0 ? undefined : end);
}

const verdict = (yes: boolean, rationale: string) => ({
  content: JSON.stringify({ rationale, value: yes ? "yes" : "no" }),
});

/** Correctness: every expected fact appears in the response. */
export function judgeCorrectness(request: RecordedRequest) {
  const text = userMessage(request);
  const response = section(text, "Response").toLowerCase();
  let facts: unknown;
  try {
    facts = JSON.parse(section(text, "Expected facts"));
  } catch {
    facts = undefined;
  }
  if (!Array.isArray(facts)) return verdict(false, "The expected facts could not be read.");
  const missing = facts.map(String).filter((f) => !response.includes(f.toLowerCase()));
  return missing.length === 0
    ? verdict(true, `The response states every expected fact: ${facts.map((f) => `"${f}"`).join(", ")}.`)
    : verdict(false, `The response does not state ${missing.map((f) => `"${f}"`).join(", ")}.`);
}

/** Polite: no dismissive phrase in the reply. */
export function judgePolite(request: RecordedRequest) {
  const reply = userMessage(request).split("\n\nReply: ").at(-1)?.toLowerCase() ?? "";
  const rude = DISMISSIVE.find((p) => reply.includes(p));
  return rude
    ? verdict(false, `The reply is dismissive ("${rude}").`)
    : verdict(true, "The reply is courteous and addresses the customer directly.");
}

/**
 * The scripted LLM's rules for the two judges, before the agent's rules; each judgement takes
 * `delayMs` (a model's pace, so a run can be watched in the dashboard while it is scored).
 */
export function evalJudgeRules({ delayMs = 0 }: { delayMs?: number } = {}): Rule[] {
  const paced = (judge: (request: RecordedRequest) => Reply) => (request: RecordedRequest) => ({
    ...judge(request),
    delayMs,
  });
  return [
    {
      path: "/v1/chat/completions",
      bodyIncludes: "Is the response correct?",
      reply: paced(judgeCorrectness),
    },
    {
      path: "/v1/chat/completions",
      bodyIncludes: "Is this reply to a customer polite",
      reply: paced(judgePolite),
    },
  ];
}
