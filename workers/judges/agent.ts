import { and, asc, eq, sql } from "drizzle-orm";
import type OpenAI from "openai";
import { spans } from "../../schema";
import type { ProjectScope } from "../auth/context";
import type { ValueType } from "./parse";
import {
  failure,
  type JudgeResult,
  type JudgeUsage,
  judgementFormat,
  judgementOf,
  withJudge,
} from "./runner";

/**
 * A judge over a trace too large for its prompt: instead of scoring a cut outline, it runs as a
 * tool-using agent over the stored trace (OpenAI tool calls): it lists the spans a page at a
 * time, reads any span whole, and searches the spans' names, inputs and outputs, until it
 * answers — at most MAX_STEPS model calls, all under one of the organization's permits, their
 * tokens and cost summed.
 */
export const MAX_STEPS = 8;
const PAGE_MAX = 100;
const SPAN_CHARS = 8_000;
const SEARCH_HITS = 20;

const TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "list_spans",
      description:
        "The trace's spans in start order, a page at a time: id, name, type, duration, status, parent.",
      parameters: {
        type: "object",
        properties: {
          offset: { type: "integer", minimum: 0 },
          limit: { type: "integer", minimum: 1, maximum: PAGE_MAX },
        },
        required: ["offset", "limit"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "get_span",
      description: "One span whole: its inputs, outputs, status and timing.",
      parameters: {
        type: "object",
        properties: { span_id: { type: "string" } },
        required: ["span_id"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "search_trace",
      description: "Spans whose name, inputs or outputs contain the text (case-insensitive), at most 20.",
      parameters: {
        type: "object",
        properties: { text: { type: "string", minLength: 1 } },
        required: ["text"],
        additionalProperties: false,
      },
    },
  },
];

type Line = {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  spanType: string;
  startUs: number;
  endUs: number;
  status: string;
};
const lineOf = (s: Line) =>
  `${s.spanId} ${s.name} [${s.spanType}] ${Math.round((s.endUs - s.startUs) / 1000)} ms ${s.status}${s.parentSpanId ? ` parent=${s.parentSpanId}` : ""}`;
const head = {
  spanId: spans.spanId,
  parentSpanId: spans.parentSpanId,
  name: spans.name,
  spanType: spans.spanType,
  startUs: spans.startUs,
  endUs: spans.endUs,
  status: spans.status,
};

/** What a tool call answers, read from the stored trace (the project's own: every query is scoped). */
async function runTool(
  ctx: ProjectScope,
  traceId: string,
  call: OpenAI.ChatCompletionMessageToolCall,
): Promise<string> {
  if (call.type !== "function") return "Unknown tool.";
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(call.function.arguments || "{}") as Record<string, unknown>;
  } catch {
    return "The arguments were not JSON.";
  }
  const of = and(eq(spans.projectId, ctx.project.id), eq(spans.traceId, traceId));
  if (call.function.name === "list_spans") {
    const offset = Math.max(0, Math.floor(Number(args.offset) || 0));
    const limit = Math.min(PAGE_MAX, Math.max(1, Math.floor(Number(args.limit) || PAGE_MAX)));
    const rows = await ctx.db
      .select(head)
      .from(spans)
      .where(of)
      .orderBy(asc(spans.startUs), asc(spans.spanId))
      .limit(limit)
      .offset(offset);
    return rows.length > 0 ? rows.map(lineOf).join("\n") : "No spans at this offset.";
  }
  if (call.function.name === "get_span") {
    const [row] = await ctx.db
      .select({ ...head, inputs: spans.inputs, outputs: spans.outputs, statusMessage: spans.statusMessage })
      .from(spans)
      .where(and(of, eq(spans.spanId, String(args.span_id ?? ""))))
      .limit(1);
    if (!row) return `No span ${String(args.span_id)} in this trace.`;
    const text = `${lineOf(row)}${row.statusMessage ? `\nstatus message: ${row.statusMessage}` : ""}\ninputs: ${row.inputs ?? "none"}\noutputs: ${row.outputs ?? "none"}`;
    return text.length > SPAN_CHARS
      ? `${text.slice(0, SPAN_CHARS)}\n[… cut: ${text.length - SPAN_CHARS} more characters]`
      : text;
  }
  if (call.function.name === "search_trace") {
    const needle = String(args.text ?? "")
      .toLowerCase()
      .slice(0, 200);
    if (!needle) return "Give some text to search for.";
    const rows = await ctx.db
      .select(head)
      .from(spans)
      .where(
        and(
          of,
          sql`(instr(lower(${spans.name}), ${needle}) > 0 or instr(lower(coalesce(${spans.inputs}, '')), ${needle}) > 0 or instr(lower(coalesce(${spans.outputs}, '')), ${needle}) > 0)`,
        ),
      )
      .orderBy(asc(spans.startUs))
      .limit(SEARCH_HITS);
    return rows.length > 0 ? rows.map(lineOf).join("\n") : `No span mentions "${needle}".`;
  }
  return `Unknown tool ${call.function.name}.`;
}

/** Runs a judge as an agent over a stored trace. Throws only JudgeBusyError. */
export function runTraceAgent(
  ctx: ProjectScope,
  traceId: string,
  request: {
    modelUri: string;
    system: string;
    user: string;
    valueType: ValueType;
    temperature?: number | undefined;
  },
  options: { waitMs: number },
): Promise<JudgeResult> {
  return withJudge(ctx, request.modelUri, options, async (session) => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      {
        role: "system",
        content: `${request.system}\nThe trace is too large to show whole: read what you need with the tools list_spans, get_span and search_trace, then answer.`,
      },
      { role: "user", content: request.user },
    ];
    const total: JudgeUsage = {
      model: request.modelUri,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      latencyMs: 0,
    };
    for (let step = 0; step < MAX_STEPS; step++) {
      const last = step === MAX_STEPS - 1;
      const answer = await session.call({
        temperature: request.temperature ?? 0,
        messages,
        tools: TOOLS,
        tool_choice: last ? "none" : "auto",
        response_format: judgementFormat(request.valueType),
      });
      if (!answer.ok) return answer.result;
      total.inputTokens += answer.usage.inputTokens;
      total.outputTokens += answer.usage.outputTokens;
      total.costUsd += answer.usage.costUsd;
      total.latencyMs += answer.usage.latencyMs;
      const message = answer.completion.choices[0]?.message;
      const calls = message?.tool_calls ?? [];
      if (calls.length === 0)
        return judgementOf(message, request.valueType, { ...total, steps: step + 1 } as JudgeUsage);
      messages.push({ role: "assistant", content: message?.content ?? null, tool_calls: calls });
      for (const call of calls)
        messages.push({ role: "tool", tool_call_id: call.id, content: await runTool(ctx, traceId, call) });
    }
    return failure(
      "AGENT_STEP_LIMIT",
      `The judge did not answer within ${MAX_STEPS} steps of reading the trace.`,
      total,
    );
  });
}
