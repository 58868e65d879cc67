/**
 * A monitor's filter between the dialog's fields and the API's JSON form (the trace list's
 * filters: `{ name: "support_agent", tag: ["env=prod"], model: "gpt-4o-mini" }`), and back to
 * readable chips for the list. The server checks the filter; here only what the fields can get
 * wrong before it is sent (a tag without "=").
 */

export interface FilterDraft {
  name: string;
  /** `key=value` pairs separated by commas. */
  tags: string;
  model: string;
}

export const EMPTY_FILTER: FilterDraft = { name: "", tags: "", model: "" };

const tagsOf = (text: string) =>
  text
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);

/** The message for the tags field, or null when each tag is `key=value`. */
export function tagsProblem(text: string): string | null {
  const bad = tagsOf(text).find((tag) => !/^[^=\s][^=]*=.+$/.test(tag));
  return bad === undefined ? null : `“${bad}” is not key=value (e.g. env=prod).`;
}

/** The API's filter: only the fields that were filled in (`{}` matches every trace). */
export function filterOf(draft: FilterDraft): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (draft.name.trim()) filter.name = draft.name.trim();
  const tags = tagsOf(draft.tags);
  if (tags.length > 0) filter.tag = tags;
  if (draft.model.trim()) filter.model = draft.model.trim();
  return filter;
}

const LABELS: Readonly<Record<string, string>> = {
  name: "name",
  tag: "tag",
  metadata: "metadata",
  model: "model",
  status: "status",
  spanType: "span type",
  sessionId: "session",
  userId: "user",
  prompt: "prompt",
  minLatencyMs: "latency ≥ (ms)",
  maxLatencyMs: "latency ≤ (ms)",
  minTokens: "tokens ≥",
  maxTokens: "tokens ≤",
  minCost: "cost ≥ $",
  maxCost: "cost ≤ $",
  feedback: "feedback",
  passed: "passed",
  failed: "failed",
  feedbackSource: "feedback from",
  contains: "contains",
};

/**
 * One chip per value of a stored filter ("tag env=prod", "model gpt-4o-mini"), in the order the
 * fields were written. Any field the API may add later still shows, under its own name.
 */
export function filterChips(filter: Readonly<Record<string, unknown>>): string[] {
  const chips: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    const label = LABELS[key] ?? key;
    const values = Array.isArray(value) ? value : [value];
    for (const one of values) {
      if (one === undefined || one === null || one === "") continue;
      const text = typeof one === "string" || typeof one === "number" ? String(one) : JSON.stringify(one);
      chips.push(label.endsWith("$") ? `${label}${text}` : `${label} ${text}`);
    }
  }
  return chips;
}
