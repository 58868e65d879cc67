/**
 * The sample support agent, instrumented with the Sightline SDK the way a user would: trace() on
 * its steps, withSpan() around a turn, updateCurrentTrace() for session, user, tags and metadata,
 * and wrapOpenAI() on the OpenAI client (router call with a tool, streamed or plain answer).
 * It runs a planned turn for real against the scripted LLM; the plan only picks the question,
 * the release and the fault, and TimeTravel moves the finished trace to its planned time.
 */
import type OpenAI from "openai";
// The SDK's own clock, so that marks and span times compare exactly.
import { nowUnixNano } from "../../sdk/src/ids.ts";
import { type Span, SpanType, trace, updateCurrentTrace, withSpan, wrapOpenAI } from "../../sdk/src/index.ts";
import { FAULT_HEADER, KNOWLEDGE, ORDERS, SYSTEM_PROMPT, TOPICS } from "./conversations.ts";
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

/** A support agent bound to one OpenAI client; `runTurn` runs one planned turn as one trace. */
export function supportAgent(client: OpenAI, timeTravel: TimeTravel) {
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
      return { order, ...ORDERS[order] };
    },
    { name: "lookup_order", spanType: SpanType.TOOL },
  );

  async function answer(turn: PlannedTurn, messages: Message[], stream: boolean): Promise<string> {
    const faulty = turn.fault === "rate_limited" || turn.fault === "overloaded";
    const options = faulty ? { headers: { [FAULT_HEADER]: turn.fault ?? "" } } : undefined;
    if (!stream) {
      const final = await openai.chat.completions.create({ model: turn.answerModel, messages }, options);
      return final.choices[0]?.message.content ?? "";
    }
    const chunks = await openai.chat.completions.create(
      { model: turn.answerModel, messages, stream: true, stream_options: { include_usage: true } },
      options,
    );
    let text = "";
    for await (const chunk of chunks) text += chunk.choices[0]?.delta?.content ?? "";
    return text;
  }

  /** One turn as one trace; `history` is the conversation so far and grows with this turn. */
  async function runTurn(session: PlannedSession, turn: PlannedTurn, history: Message[]): Promise<void> {
    const ran: { root?: Span } = {};
    // After each step, where it ends on the planned timeline (see TimeTravel).
    const marks: Mark[] = [];
    let plannedMs = 0;
    const stepDone = (stepMs: number) => {
      plannedMs += stepMs;
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
          const docs = await searchKnowledge(turn.question);
          stepDone(turn.steps.retrievalMs);
          const messages: Message[] = [
            { role: "system", content: `${SYSTEM_PROMPT}\nKnowledge:\n${docs.join("\n")}` },
            ...history,
            { role: "user", content: turn.question },
          ];
          const routed = await openai.chat.completions.create({
            model: ROUTER_MODEL,
            messages,
            tools: [LOOKUP_ORDER_TOOL],
            temperature: 0,
          });
          stepDone(turn.steps.routerMs);
          const call = routed.choices[0]?.message.tool_calls?.[0];
          const order = TOPICS[turn.topic]?.order;
          if (call && order !== undefined) {
            messages.push(routed.choices[0]?.message as Message);
            const result = await lookupOrder(order, turn.fault === "order_timeout");
            stepDone(turn.steps.toolMs);
            messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(result) });
          }
          const text = await answer(turn, messages, session.channel === "chat-widget");
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
