/**
 * `sightline eval` config for the demo support agent (scripts/demo/agent.ts): its answer path run
 * on each question of the dataset that scripts/demo/eval-setup.ts creates, traced by the SDK,
 * scored on the server by two LLM judges (correctness against the record's expected facts, and
 * politeness) and here by a code scorer (the answer fits a chat bubble: 80 words at most). `npm run demo:eval` runs
 * it; it reads from the environment:
 *
 *   DEMO_LLM_URL  the scripted LLM's base URL (the one the judge provider `demo-llm` points at)
 *   DEMO_PROMPT   the agent's system prompt: a name in scripts/demo/prompts (default "support";
 *                 "terse" asks for one sentence) or a text file's path (from the repository root,
 *                 where npm run demo:eval runs the CLI)
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import OpenAI from "openai";
import { z } from "zod";
import { type EvalConfig, SpanType, scorer, withSpan } from "../../sdk/src/index.ts";
import { supportAnswerPath } from "./agent.ts";
import { DEMO_DATASET, EVAL_ORDERS } from "./eval-cases.ts";
import { DEMO_JUDGES } from "./eval-judges.ts";
import { RELEASES } from "./plan.ts";

const PROMPTS = join(import.meta.dirname, "prompts");

const Env = z.object({
  DEMO_LLM_URL: z.url({ error: "DEMO_LLM_URL must be the scripted LLM's URL (npm run demo:eval sets it)" }),
  DEMO_PROMPT: z.string().trim().default(""),
});

/** The prompt's name and text: a name in scripts/demo/prompts, or a file's path. */
function loadPrompt(given: string): { name: string; text: string } {
  const isPath = given.includes("/") || given.endsWith(".txt");
  const file = isPath ? resolve(given) : join(PROMPTS, `${given}.txt`);
  if (!existsSync(file)) {
    const known = readdirSync(PROMPTS).map((f) => f.replace(/\.txt$/, ""));
    throw new Error(
      `DEMO_PROMPT: no prompt ${given} (${file}); known: ${known.join(", ")}, or a file's path`,
    );
  }
  const name = isPath ? given : given.replace(/\.txt$/, "");
  return { name, text: readFileSync(file, "utf8").trim() };
}

const env = Env.parse(process.env);
const prompt = loadPrompt(env.DEMO_PROMPT || "support");
const respond = supportAnswerPath(new OpenAI({ apiKey: "demo", baseURL: env.DEMO_LLM_URL }), EVAL_ORDERS);
const answerModel = RELEASES.after.answerModel;

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

export default {
  // One name whatever the prompt; `--baseline latest` (the newest completed run of the app over
  // this dataset) compares a changed prompt with the run before it. The prompt is in the params.
  name: "support agent",
  data: DEMO_DATASET,
  predictFn: ({ question }: Record<string, unknown>) =>
    withSpan(
      { name: "support_agent", spanType: SpanType.AGENT, inputs: { question } },
      (): Promise<string> =>
        respond({
          question: String(question),
          systemPrompt: prompt.text,
          history: [],
          answerModel,
          stream: false,
        }),
    ),
  scorers: [
    ...DEMO_JUDGES.map((j) => j.name),
    // Pass/fail, as a length has no better direction: fewer words is not worse, nor better.
    scorer("brief", ({ outputs }) => {
      const n = words(String(outputs));
      return { value: n <= 80, rationale: `${n} words (at most 80 fit a chat bubble)` };
    }),
  ],
  // A floor every release must clear; a drop from the last good run is what --baseline catches.
  gates: ["correctness/pass_rate>=0.65", "polite/pass_rate>=0.9"],
  params: {
    prompt: prompt.name,
    promptSha256: createHash("sha256").update(prompt.text).digest("hex").slice(0, 12),
    answerModel,
  },
  concurrency: 16,
} satisfies EvalConfig;
