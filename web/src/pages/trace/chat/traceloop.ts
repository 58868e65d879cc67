import { type CallArguments, isRecord } from "./types";

/**
 * Traceloop entities (workflows, agents, tools) record their function's input as
 * `{ "args": [...], "kwargs": {...} }`: a call's arguments, not a conversation.
 */
export function traceloopArguments(value: unknown): CallArguments | null {
  if (!isRecord(value) || !Array.isArray(value.args) || !isRecord(value.kwargs)) return null;
  if (Object.keys(value).length !== 2) return null;
  return { positional: value.args, named: value.kwargs };
}
