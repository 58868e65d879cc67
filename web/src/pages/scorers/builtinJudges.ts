import type { BuiltinJudge } from "../../api/scorers";

/**
 * What the dashboard shows of each built-in judge beside the server's description (GET
 * scorer-kinds): a name, what it reads (docs/scoring.md; the server checks it again before any
 * call), what it scores, and which of the definition's options it takes.
 */
export interface BuiltinJudgeInfo {
  label: string;
  needs: readonly string[];
  /** "session": scored with target.sessionId, over the session's turns in order. */
  scope: "trace" | "session";
  /** The definition's own parameters: `guidelines` (a list) or `exact` (tool_call_correctness). */
  option: "guidelines" | "exact" | null;
}

const EXPECTED = "expected_response or expected_facts";
const GUIDELINES = "guidelines in the scorer";
const RETRIEVERS = "RETRIEVER spans";

const trace = (label: string, needs: readonly string[], option: BuiltinJudgeInfo["option"] = null) =>
  ({ label, needs, scope: "trace", option }) as const;
const session = (label: string, option: BuiltinJudgeInfo["option"] = null) =>
  ({
    label,
    needs: option === "guidelines" ? ["a session", GUIDELINES] : ["a session"],
    scope: "session",
    option,
  }) as const;

export const BUILTIN_JUDGE_INFO: Readonly<Record<BuiltinJudge, BuiltinJudgeInfo>> = {
  correctness: trace("Correctness", ["outputs", EXPECTED]),
  safety: trace("Safety", ["outputs"]),
  guidelines: trace("Guidelines", ["outputs", GUIDELINES], "guidelines"),
  expectations_guidelines: trace("Expectations guidelines", ["outputs", "the expectation guidelines"]),
  relevance_to_query: trace("Relevance to query", ["inputs", "outputs"]),
  completeness: trace("Completeness", ["inputs", "outputs"]),
  fluency: trace("Fluency", ["outputs"]),
  equivalence: trace("Equivalence", ["outputs", "expected_response"]),
  summarization: trace("Summarization", ["inputs", "outputs"]),
  retrieval_groundedness: trace("Retrieval groundedness", ["outputs", RETRIEVERS]),
  retrieval_relevance: trace("Retrieval relevance", ["inputs", RETRIEVERS]),
  retrieval_sufficiency: trace("Retrieval sufficiency", [RETRIEVERS, EXPECTED]),
  tool_call_correctness: trace("Tool call correctness", ["a trace"], "exact"),
  tool_call_efficiency: trace("Tool call efficiency", ["a trace"]),
  conversation_completeness: session("Conversation completeness"),
  user_frustration: session("User frustration"),
  knowledge_retention: session("Knowledge retention"),
  conversational_guidelines: session("Conversational guidelines", "guidelines"),
  conversational_safety: session("Conversational safety"),
};

export const BUILTIN_JUDGES = Object.keys(BUILTIN_JUDGE_INFO) as BuiltinJudge[];

export function isBuiltinJudge(name: string | null | undefined): name is BuiltinJudge {
  return typeof name === "string" && Object.hasOwn(BUILTIN_JUDGE_INFO, name);
}

/** A judge the server lists that this dashboard does not know yet is shown by its own name. */
export function builtinInfo(judge: string): BuiltinJudgeInfo {
  return isBuiltinJudge(judge) ? BUILTIN_JUDGE_INFO[judge] : trace(judge, []);
}
