import { Attr } from "../../../sdk/src/types.ts";
import { num, present, record, str } from "./read";
import { type Convention, usageOf } from "./types";

/**
 * MLflow's span attributes, which our SDK writes too (`sdk/src/types.ts` `Attr`): explicit
 * `mlflow.*` keys a client sets on purpose, so they come first.
 */
export const mlflow: Convention = {
  name: "mlflow",
  applies: (a) =>
    a[Attr.spanType] !== undefined ||
    a[Attr.spanInputs] !== undefined ||
    a[Attr.spanOutputs] !== undefined ||
    a["mlflow.chat.tokenUsage"] !== undefined ||
    a["mlflow.llm.model"] !== undefined,
  spanType: (a) => str(a[Attr.spanType]),
  model: (a) => str(a["mlflow.llm.model"]),
  usage(a) {
    const u = record(a["mlflow.chat.tokenUsage"]);
    if (!u) return null;
    return usageOf(num(u.input_tokens), num(u.output_tokens), {
      total: num(u.total_tokens),
      cacheRead: num(u.cache_read_input_tokens),
      cacheWrite: num(u.cache_creation_input_tokens),
    });
  },
  inputs: (a) => present(a, Attr.spanInputs),
  outputs: (a) => present(a, Attr.spanOutputs),
  sessionId: (a) => str(a["mlflow.trace.session"]),
  userId: (a) => str(a["mlflow.trace.user"]),
};
