/**
 * The sample support agent, instrumented with the Sightline SDK the way a user would: trace() on
 * its steps, withSpan() around a turn, updateCurrentTrace() for session, user, tags and metadata,
 * and wrapOpenAI() on the OpenAI client (router call with a tool, streamed or plain answer).
 * It runs a planned turn for real against the scripted LLM; the plan only picks the question,
 * the release and the fault, and TimeTravel moves the finished trace to its planned time. The
 * answer path alone (supportAnswerPath) is what the demo's evaluation runs on each record.
 */
import type OpenAI from "openai";
import { z } from "zod";
// The SDK's own clock, so that marks and span times compare exactly.
import { nowUnixNano } from "../../sdk/src/ids.ts";
import { type Span, SpanType, trace, updateCurrentTrace, withSpan, wrapOpenAI } from "../../sdk/src/index.ts";
import { FAULT_HEADER, KNOWLEDGE, ORDERS, SYSTEM_PROMPT } from "./conversations.ts";
import type { PlannedSession, PlannedTurn } from "./plan.ts";
import type { Mark, TimeTravel } from "./time-travel.ts";

export const ROUTER_MODEL = "gpt-4o-mini";

type Message = OpenAI.Chat.ChatCompletionMessageParam;

const LOOKUP_ORDER_TOOL: OpenAI.Chat.ChatCompletionTool = {
  type: "function",
  function: {
    name: "lookup_order",
    description: "Looks an order up in the order service.",
    parameters: { type: "object", properties: { order: { type: "string" } }, required: ["order"] },
  },
};

/** What one answer needs: the question, the conversation so far, and how to answer it. */
export interface AnswerRequest {
  question: string;
  /** The agent's system prompt (the knowledge found is appended to it). */
  systemPrompt: string;
  /** Earlier turns of the conversation, oldest first; not changed. */
  history: readonly Message[];
  answerModel: string;
  stream: boolean;
  /** A fault the scripted LLM or the order service is asked to answer with (the demo's plan). */
  fault?: PlannedTurn["fault"];
}

/** The steps of an answer, reported as each ends. */
export type AnswerStep = "retrieval" | "router" | "tool";

/** The router's lookup_order arguments, as the model wrote them. */
const LookupOrderArgs = z.object({ order: z.string().min(1) });

/**
 * The agent's answer path for one question, bound to one OpenAI client: retrieval (an embedding,
 * then the knowledge base), a router call that may call the lookup_order tool, and the answer,
 * streamed or not. Each step is a span of the current trace.
 */
export function supportAnswerPath(client: OpenAI, orders: Record<string, Record<string, string>> = ORDERS) {
  const openai = wrapOpenAI(client);

  const embed = trace(
    async (text: string) =>
      (await openai.embeddings.create({ model: "text-embedding-3-small", input: text })).data[0]?.embedding,
    { name: "embed_query", spanType: SpanType.EMBEDDING },
  );
  const searchKnowledge = trace(
    async (question: string) => {
      await embed(question);
      const words = question.toLowerCase().split(/\W+/);
      return KNOWLEDGE.filter((k) => words.some((w) => w.length > 4 && k.toLowerCase().includes(w))).slice(
        0,
        3,
      );
    },
    { name: "search_knowledge_base", spanType: SpanType.RETRIEVER },
  );
  const lookupOrder = trace(
    async (order: string, timesOut: boolean) => {
      if (timesOut) throw new Error(`order service timed out after 5 s looking up order ${order}`);
      return { order, ...orders[order] };
    },
    { name: "lookup_order", spanType: SpanType.TOOL },
  );

  async function answer(request: AnswerRequest, messages: Message[]): Promise<string> {
    const { fault, answerModel: model } = request;
    const faulty = fault === "rate_limited" || fault === "overloaded";
    const options = faulty ? { headers: { [FAULT_HEADER]: fault ?? "" } } : undefined;
    if (!request.stream) {
      const final = await openai.chat.completions.create({ model, messages }, options);
      return final.choices[0]?.message.content ?? "";
    }
    const chunks = await openai.chat.completions.create(
      { model, messages, stream: true, stream_options: { include_usage: true } },
      options,
    );
    let text = "";
    for await (const chunk of chunks) text += chunk.choices[0]?.delta?.content ?? "";
    return text;
  }

  return async function respond(
    request: AnswerRequest,
    onStep: (step: AnswerStep) => void = () => undefined,
  ): Promise<string> {
    const docs = await searchKnowledge(request.question);
    onStep("retrieval");
    const messages: Message[] = [
      { role: "system", content: `${request.systemPrompt}\nKnowledge:\n${docs.join("\n")}` },
      ...request.history,
      { role: "user", content: request.question },
    ];
    const routed = await openai.chat.completions.create({
      model: ROUTER_MODEL,
      messages,
      tools: [LOOKUP_ORDER_TOOL],
      temperature: 0,
    });
    onStep("router");
    const call = routed.choices[0]?.message.tool_calls?.[0];
    if (call?.type === "function" && call.function.name === "lookup_order") {
      const args = LookupOrderArgs.safeParse(parseJson(call.function.arguments));
      messages.push(routed.choices[0]?.message as Message);
      const result = args.success
        ? await lookupOrder(args.data.order, request.fault === "order_timeout")
        : { error: `lookup_order needs { order }: ${args.error.issues[0]?.message ?? "invalid"}` };
      onStep("tool");
      messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(result) });
    }
    return answer(request, messages);
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A support agent bound to one OpenAI client; `runTurn` runs one planned turn as one trace. */
export function supportAgent(client: OpenAI, timeTravel: TimeTravel) {
  const respond = supportAnswerPath(client);
  const stepMs = { retrieval: "retrievalMs", router: "routerMs", tool: "toolMs" } as const;

  /** One turn as one trace; `history` is the conversation so far and grows with this turn. */
  async function runTurn(session: PlannedSession, turn: PlannedTurn, history: Message[]): Promise<void> {
    const ran: { root?: Span } = {};
    // After each step, where it ends on the planned timeline (see TimeTravel).
    const marks: Mark[] = [];
    let plannedMs = 0;
    const stepDone = (step: AnswerStep) => {
      plannedMs += turn.steps[stepMs[step]];
      marks.push({ realNs: nowUnixNano(), atMs: plannedMs });
    };
    try {
      await withSpan(
        { name: "support_agent", spanType: SpanType.AGENT, inputs: { question: turn.question } },
        async (span) => {
          ran.root = span;
          updateCurrentTrace({
            sessionId: session.id,
            userId: session.userId,
            tags: { channel: session.channel, env: "demo" },
            metadata: { agent_version: turn.agentVersion },
          });
          const text = await respond(
            {
              question: turn.question,
              systemPrompt: SYSTEM_PROMPT,
              history,
              answerModel: turn.answerModel,
              stream: session.channel === "chat-widget",
              fault: turn.fault,
            },
            stepDone,
          );
          span.setOutputs(text);
          history.push({ role: "user", content: turn.question }, { role: "assistant", content: text });
        },
      );
    } catch {
      // The SDK recorded it: the trace's status is ERROR with the exception.
    } finally {
      const root = ran.root;
      if (root?.endTimeUnixNano) {
        timeTravel.place(
          root.traceId,
          { startNs: root.startTimeUnixNano, endNs: root.endTimeUnixNano },
          { startMs: turn.startMs, latencyMs: turn.latencyMs },
          marks,
        );
      }
    }
  }

  return { runTurn };
}
