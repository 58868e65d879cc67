/**
 * Just enough JSON Schema (the subset our OpenAPI document uses) for the hostile-input suite:
 * a valid value for a schema, the fields of a body, and whether a value breaks what the
 * document promises. The suite expects 422 exactly where `violation` finds something, so a
 * route that accepts what its own document forbids (or coerces it) is caught.
 */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  example?: unknown;
  $ref?: string;
};

/** The schema with every `#/components/schemas/X` reference replaced by X. */
export function resolveRefs(schema: unknown, components: Record<string, unknown>): JsonSchema {
  const walk = (node: unknown, seen: Set<string>): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, seen));
    if (node === null || typeof node !== "object") return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === "string") {
      const name = ref.replace("#/components/schemas/", "");
      if (seen.has(name)) return {};
      return walk(components[name] ?? {}, new Set([...seen, name]));
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, seen)]));
  };
  return walk(schema, new Set()) as JsonSchema;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export type JsonType = "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";

export function typesOf(schema: JsonSchema): JsonType[] {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.flatMap(typesOf);
  if (schema.type === undefined) return schema.enum ? ["string"] : [];
  return (Array.isArray(schema.type) ? schema.type : [schema.type]) as JsonType[];
}

function typeMatches(type: JsonType, value: unknown): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "string":
      return typeof value === "string";
    case "array":
      return Array.isArray(value);
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
  }
}

/** Why `value` breaks the documented `schema`, or null when the document allows it. */
export function violation(schema: JsonSchema, value: unknown, at = "body"): string | null {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const reasons = alternatives.map((s) => violation(s, value, at));
    return reasons.some((r) => r === null) ? null : (reasons[0] ?? `${at}: no alternative matches`);
  }
  const types = typesOf(schema);
  if (types.length > 0 && !types.some((t) => typeMatches(t, value))) return `${at}: not ${types.join("|")}`;
  if (schema.enum && !schema.enum.includes(value)) return `${at}: not one of the enum`;
  if (typeof value === "string") {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return `${at}: over maxLength`;
    if (schema.minLength !== undefined && value.length < schema.minLength) return `${at}: under minLength`;
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) return `${at}: pattern`;
    if (schema.format === "date-time" && !(RFC3339.test(value) && Number.isFinite(Date.parse(value))))
      return `${at}: not date-time`;
    if (schema.format === "email" && !EMAIL.test(value)) return `${at}: not an email`;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return `${at}: not finite`;
    if (schema.minimum !== undefined && value < schema.minimum) return `${at}: below minimum`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${at}: above maximum`;
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${at}: over maxItems`;
    if (schema.minItems !== undefined && value.length < schema.minItems) return `${at}: under minItems`;
    for (const [i, item] of value.entries()) {
      const reason = schema.items ? violation(schema.items, item, `${at}.${i}`) : null;
      if (reason) return reason;
    }
  }
  if (typeMatches("object", value) && schema.properties) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) return `${at}.${name}: missing`;
    for (const [name, v] of Object.entries(record)) {
      const property = schema.properties[name];
      if (property) {
        const reason = violation(property, v, `${at}.${name}`);
        if (reason) return reason;
      } else if (schema.additionalProperties === false) return `${at}.${name}: unknown field`;
    }
  }
  return null;
}

/** A value the document accepts, made unique with `seq` where text allows it. */
export function sampleValue(schema: JsonSchema, seq: number): unknown {
  // Examples are shared by every request; free text gets a unique value instead, so that names
  // that must be unique (projects) do not collide.
  const freeText = typesOf(schema).includes("string") && !schema.pattern && !schema.enum;
  if (schema.example !== undefined && violation(schema, schema.example) === null && !freeText)
    return schema.example;
  if (schema.enum) return schema.enum.at(-1);
  const type = typesOf(schema).find((t) => t !== "null") ?? "string";
  switch (type) {
    case "boolean":
      return false;
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "array":
      return schema.items ? [sampleValue(schema.items, seq)] : [];
    case "object":
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, s]) => [k, sampleValue(s, seq)]),
      );
    default: {
      if (schema.format === "date-time") return new Date(Date.now() + 30 * 86_400_000).toISOString();
      if (schema.format === "email") return `hostile-${seq}-${crypto.randomUUID().slice(0, 8)}@example.test`;
      const text = `hostile-${seq}`.padEnd(schema.minLength ?? 0, "x");
      return schema.maxLength !== undefined ? text.slice(0, schema.maxLength) : text;
    }
  }
}

export type Field = { path: (string | number)[]; schema: JsonSchema };

/** Every field of a body that `sample` fills: properties, nested objects, first array items. */
export function fieldsOf(schema: JsonSchema, sample: unknown, path: (string | number)[] = []): Field[] {
  const out: Field[] = [];
  if (schema.properties && typeMatches("object", sample)) {
    for (const [name, property] of Object.entries(schema.properties)) {
      const value = (sample as Record<string, unknown>)[name];
      if (value === undefined) continue;
      out.push({ path: [...path, name], schema: property }, ...fieldsOf(property, value, [...path, name]));
    }
  }
  if (schema.items && Array.isArray(sample) && sample.length > 0) {
    out.push(
      { path: [...path, 0], schema: schema.items },
      ...fieldsOf(schema.items, sample[0], [...path, 0]),
    );
  }
  return out;
}

/** The objects of a body (the body itself included), for the unknown-field mutation. */
export function objectsOf(schema: JsonSchema, sample: unknown): Field[] {
  const own = typeMatches("object", sample) ? [{ path: [], schema }] : [];
  return [...own, ...fieldsOf(schema, sample).filter((f) => typeMatches("object", valueAt(sample, f.path)))];
}

export function valueAt(value: unknown, path: (string | number)[]): unknown {
  let node = value;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

/** Deepest nesting of arrays and objects in a JSON text, read as text (no parse, no recursion). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) max = Math.max(max, ++depth);
    else if (ch === 125 || ch === 93) depth--;
  }
  return max;
}
