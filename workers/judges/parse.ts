import { z } from "@hono/zod-openapi";

/** A model URI, `<provider>:/<model>`: the organization's provider by name, then the model. */
export const MODEL_URI = /^([a-z0-9][a-z0-9_-]{0,63}):\/(.+)$/;

export const ModelUriSchema = z
  .string()
  .max(300)
  .regex(MODEL_URI, "must be a model URI, <provider>:/<model>")
  .openapi({ example: "openai:/gpt-4o-mini" });

/** What a judge answers: yes/no, a number in a range, one of a list of labels, or free text. */
export const ValueTypeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("bool") }).strict(),
  z
    .object({
      kind: z.literal("number"),
      min: z.number().finite().optional(),
      max: z.number().finite().optional(),
    })
    .strict(),
  z.object({ kind: z.literal("label"), labels: z.array(z.string().min(1).max(100)).min(2).max(50) }).strict(),
  z.object({ kind: z.literal("text") }).strict(),
]);
export type ValueType = z.infer<typeof ValueTypeSchema>;

type Parsed =
  | { ok: true; value: boolean | number | string; rationale: string | null }
  | { ok: false; message: string };

/** The first JSON object in a text: models often wrap it in prose or a code fence. */
function firstObject(text: string): Record<string, unknown> | null {
  const trimmed = text.trim();
  const candidates = [trimmed, trimmed.replace(/^```(?:json)?\s*|\s*```$/g, "")];
  const start = trimmed.indexOf("{");
  const end = trimmed.lastIndexOf("}");
  if (start >= 0 && end > start) candidates.push(trimmed.slice(start, end + 1));
  for (const c of candidates) {
    try {
      const v = JSON.parse(c) as unknown;
      if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // try the next reading
    }
  }
  return null;
}

/**
 * A judge's answer, read tolerantly: the JSON object asked for, else one found in the text, else
 * (for yes/no) a bare yes or no. A value that does not fit the judge's type is an error, named.
 */
export function parseJudgement(content: string, type: ValueType): Parsed {
  const obj = firstObject(content);
  const rationale = typeof obj?.rationale === "string" ? obj.rationale : null;
  let raw: unknown = obj ? obj.value : undefined;
  if (raw === undefined && type.kind === "bool") {
    const word = /\b(yes|no)\b/i.exec(content)?.[1];
    if (word) raw = word;
  }
  if (raw === undefined || raw === null)
    return { ok: false, message: `The model's answer has no "value" field: ${content.slice(0, 300)}` };
  switch (type.kind) {
    case "bool": {
      const word = String(raw).trim().toLowerCase();
      if (word === "yes" || word === "true") return { ok: true, value: "yes", rationale };
      if (word === "no" || word === "false") return { ok: true, value: "no", rationale };
      return {
        ok: false,
        message: `The model answered "${String(raw).slice(0, 100)}" where yes or no was asked.`,
      };
    }
    case "number": {
      const n = typeof raw === "number" ? raw : Number(raw);
      if (!Number.isFinite(n))
        return {
          ok: false,
          message: `The model answered "${String(raw).slice(0, 100)}" where a number was asked.`,
        };
      if ((type.min !== undefined && n < type.min) || (type.max !== undefined && n > type.max))
        return {
          ok: false,
          message: `The model answered ${n}, outside ${type.min ?? "−∞"} … ${type.max ?? "∞"}.`,
        };
      return { ok: true, value: n, rationale };
    }
    case "label": {
      const label = type.labels.find((l) => l.toLowerCase() === String(raw).trim().toLowerCase());
      if (!label)
        return {
          ok: false,
          message: `The model answered "${String(raw).slice(0, 100)}", not one of ${type.labels.join(", ")}.`,
        };
      return { ok: true, value: label, rationale };
    }
    case "text":
      return { ok: true, value: String(raw).slice(0, 10_000), rationale };
  }
}
