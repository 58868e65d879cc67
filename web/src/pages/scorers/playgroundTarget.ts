import type { ScoreRequest } from "../../api/scorers";

export type TargetKind = "trace" | "session" | "record";

export interface RecordDraft {
  inputs: string;
  outputs: string;
  expectations: string;
}

export const EXAMPLE_RECORD: RecordDraft = {
  inputs: '{ "question": "Where is my refund?" }',
  outputs: '"Your refund was issued on March 3 and arrives in 3-5 days."',
  expectations: '{ "expected_response": "Your refund arrives in 3-5 days." }',
};

type Parsed =
  | { ok: true; target: ScoreRequest["target"] }
  | { ok: false; field: keyof RecordDraft; message: string };

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Pasted inputs, outputs and expectations as a score target; empty inputs and expectations are left out. */
export function recordTarget(draft: RecordDraft): Parsed {
  const target: { inputs?: unknown; outputs?: unknown; expectations?: Record<string, unknown> } = {};
  for (const field of ["inputs", "outputs", "expectations"] as const) {
    const text = draft[field].trim();
    if (text === "") {
      if (field === "outputs") return { ok: false, field, message: "Give the outputs to score." };
      continue;
    }
    const parsed = parse(text);
    if (!parsed.ok)
      return { ok: false, field, message: 'Not valid JSON (text is a JSON string, "in quotes").' };
    if (field === "expectations") {
      const value = parsed.value;
      if (!value || typeof value !== "object" || Array.isArray(value))
        return { ok: false, field, message: "Expectations are an object of name → value." };
      target.expectations = value as Record<string, unknown>;
    } else target[field] = parsed.value;
  }
  return { ok: true, target: { ...target, outputs: target.outputs } };
}
