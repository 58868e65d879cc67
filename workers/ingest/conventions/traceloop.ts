import type { AttrValue } from "../otlp/model";
import { prefixed, record, str, unquote } from "./read";
import type { Convention } from "./types";

/** `traceloop.span.kind` values, as Sightline's span types. */
const KINDS: Record<string, string> = {
  workflow: "WORKFLOW",
  task: "TASK",
  agent: "AGENT",
  tool: "TOOL",
};

const PROPERTIES = "traceloop.association.properties.";

/**
 * An entity's input as Traceloop records it, `{"args": [...], "kwargs": {...}}`: the keyword
 * arguments when there are only those, the one argument when there is only one, else as sent.
 */
function entityInput(value: AttrValue | undefined): unknown {
  const v = unquote(value);
  const call = record(v ?? undefined);
  if (!call || !("args" in call || "kwargs" in call)) return v;
  const args = Array.isArray(call.args) ? call.args : [];
  const kwargs = record(call.kwargs ?? undefined) ?? {};
  if (args.length === 0) return Object.keys(kwargs).length > 0 ? kwargs : undefined;
  if (args.length === 1 && Object.keys(kwargs).length === 0) return args[0];
  return v;
}

/**
 * OpenLLMetry / Traceloop's workflow, task, agent and tool spans (`traceloop.*`); its model calls
 * use the GenAI conventions. Session and user are association properties on every span.
 */
export const traceloop: Convention = {
  name: "traceloop",
  applies: (a) => a["traceloop.span.kind"] !== undefined || a[`${PROPERTIES}session_id`] !== undefined,
  spanType: (a) => {
    const kind = str(a["traceloop.span.kind"]);
    return kind ? (KINDS[kind] ?? kind.toUpperCase()) : null;
  },
  inputs: (a) =>
    a["traceloop.entity.input"] === undefined ? undefined : entityInput(a["traceloop.entity.input"]),
  outputs: (a) =>
    a["traceloop.entity.output"] === undefined ? undefined : unquote(a["traceloop.entity.output"]),
  sessionId: (a) => str(a[`${PROPERTIES}session_id`]),
  userId: (a) => str(a[`${PROPERTIES}user_id`]),
  metadata(a) {
    const props = prefixed(a, PROPERTIES);
    delete props.session_id;
    delete props.user_id;
    return props;
  },
};
