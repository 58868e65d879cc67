/**
 * The one small agent every recording runs: a tool-call turn, the answer after the tool, a
 * streamed answer, an embedding and a failing call. The scripted OpenAI server answers each call
 * with its own distinctive usage, so a replay test can check that a trace's totals are exactly the
 * sum of the model calls below.
 */
import type { RecordedRequest, Rule } from "../openai-server.ts";

/** What the agent programs read (as JSON in RECORD_SCENARIO): prompts, names, ids. */
export const scenario = {
  sessionId: "sess-demo-1",
  userId: "user-42",
  chatModel: "gpt-4o-mini",
  embeddingModel: "text-embedding-3-small",
  agentName: "weather-agent",
  systemPrompt: "You are a weather assistant. Use the get_weather tool to answer weather questions.",
  question: "What is the weather in Paris?",
  tool: {
    name: "get_weather",
    description: "Get the current weather for a city",
    callId: "call_weather_1",
    arguments: { city: "Paris" },
    result: { city: "Paris", temperatureC: 18, conditions: "sunny" },
  },
  finalAnswer: "It is 18°C and sunny in Paris.",
  streamQuestion: "Describe Paris in spring in one sentence.",
  streamAnswer: "Paris in spring is chestnut blossoms along the Seine and long evenings on cafe terraces.",
  embeddingInput: "sunny weather in Paris",
  failingQuestion: "Summarise the attached 900-page climate report.",
  failure: {
    status: 400,
    message: "This model's maximum context length is 128000 tokens.",
    code: "context_length_exceeded",
  },
} as const;

export type CallId = "tool-call" | "final-answer" | "stream" | "embedding" | "failure";

interface ScriptedCall {
  kind: "chat" | "embedding";
  /** Usage the server reports for the call (none for the failing one). */
  usage?: { inputTokens: number; outputTokens: number };
  status?: number;
}

/** Distinctive numbers, so a total can only come out right by adding each call once. */
export const scriptedCalls: Record<CallId, ScriptedCall> = {
  "tool-call": { kind: "chat", usage: { inputTokens: 101, outputTokens: 17 } },
  "final-answer": { kind: "chat", usage: { inputTokens: 203, outputTokens: 19 } },
  stream: { kind: "chat", usage: { inputTokens: 307, outputTokens: 23 } },
  embedding: { kind: "embedding", usage: { inputTokens: 11, outputTokens: 0 } },
  failure: { kind: "chat", status: scenario.failure.status },
};

/** Which scripted call a request to the model server is (the tool result marks the follow-up). */
export function classifyCall(request: RecordedRequest): CallId | undefined {
  const body = JSON.stringify(request.body ?? "");
  if (request.path.endsWith("/embeddings")) return "embedding";
  if (body.includes(scenario.failingQuestion)) return "failure";
  if (body.includes("temperatureC")) return "final-answer";
  if (body.includes(scenario.streamQuestion)) return "stream";
  if (body.includes(scenario.question)) return "tool-call";
  return undefined;
}

function replyFor(id: CallId): Rule["reply"] {
  const call = scriptedCalls[id];
  if (call.status !== undefined) {
    return {
      status: call.status,
      error: { message: scenario.failure.message, code: scenario.failure.code },
    };
  }
  const usage = call.usage;
  if (id === "tool-call") {
    const { name, callId, arguments: args } = scenario.tool;
    return { content: null, toolCalls: [{ id: callId, name, arguments: args }], ...(usage && { usage }) };
  }
  const content = id === "final-answer" ? scenario.finalAnswer : scenario.streamAnswer;
  return { content, ...(usage && { usage }) };
}

export function scenarioRules(): Rule[] {
  return (Object.keys(scriptedCalls) as CallId[]).map((id) => ({
    when: (request: RecordedRequest) => classifyCall(request) === id,
    reply: replyFor(id),
  }));
}

export interface ModelCall {
  call: CallId;
  kind: "chat" | "embedding";
  path: string;
  model: string | null;
  stream: boolean;
  /** HTTP status the server answered. */
  status: number;
  failed: boolean;
  /** Usage the server reported in its answer; null when it reported none (failed call, or a stream
   * without `stream_options.include_usage`). */
  inputTokens: number | null;
  outputTokens: number | null;
}

/** The model calls as the server saw and answered them, in request order. */
export function modelCallsFrom(requests: RecordedRequest[]): ModelCall[] {
  return requests.flatMap((request): ModelCall[] => {
    const id = classifyCall(request);
    if (!id) return [];
    const body = (request.body && typeof request.body === "object" ? request.body : {}) as Record<
      string,
      unknown
    >;
    const call = scriptedCalls[id];
    const stream = body.stream === true;
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    const usageSent =
      call.usage !== undefined &&
      (!stream || request.path.endsWith("/responses") || !!streamOptions?.include_usage);
    return [
      {
        call: id,
        kind: call.kind,
        path: request.path,
        model: typeof body.model === "string" ? body.model : null,
        stream,
        status: call.status ?? 200,
        failed: call.status !== undefined,
        inputTokens: usageSent ? (call.usage?.inputTokens ?? null) : null,
        outputTokens: usageSent ? (call.usage?.outputTokens ?? null) : null,
      },
    ];
  });
}
