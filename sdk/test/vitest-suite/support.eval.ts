/**
 * Eval cases kept as tests, as a user writes them: run by vitest-integration.test.ts in a Vitest
 * of its own against the real local stack. Two answers mention a refund and are short enough;
 * one does not mention it (the registered rule fails it), one is too long (a code scorer's
 * threshold fails it). Each predictFn call is appended to PREDICT_LOG, so the test can count
 * model calls across runs.
 */
import { appendFileSync } from "node:fs";
import { init, scorer } from "../../src/index.ts";
import { describeEval } from "../../src/vitest/index.ts";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

init({ apiKey: env("SIGHTLINE_API_KEY"), baseUrl: env("SIGHTLINE_URL"), flushIntervalMs: 50 });

const answers: Record<string, string> = {
  "Where is my refund?": "Your refund was sent today.",
  "Refund for order 7?": "The refund for order 7 is on its way.",
  "Opening hours?": "We open at nine every day.",
  "Can I have a refund and a new one?":
    "Yes: the refund goes back to your card within five days and the new one ships tomorrow morning.",
};

describeEval("support answers", {
  data: [
    { inputs: { question: "Where is my refund?" }, name: "refund status" },
    { inputs: { question: "Refund for order 7?" }, expectations: { expected_response: "refund" } },
    { inputs: { question: "Opening hours?" } },
    { inputs: { question: "Can I have a refund and a new one?" } },
  ],
  predictFn: async ({ question }) => {
    appendFileSync(env("PREDICT_LOG"), `${String(question)}\n`);
    return answers[String(question)];
  },
  scorers: ["mentions_refund", scorer("words", ({ outputs }) => String(outputs).split(/\s+/).length)],
  gates: { words: { max: 12 } },
  cache: { path: env("CACHE_PATH"), version: env("CACHE_VERSION") },
  name: env("RUN_NAME"),
  params: { prompt: env("CACHE_VERSION") },
  concurrency: 2,
  pollIntervalMs: 100,
});
