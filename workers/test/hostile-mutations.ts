/**
 * The mutations of the hostile-input suite and the answer each one is owed (see hostile.ts):
 * values put in each body field, whole-body mutations, path segments and query values. The
 * expectation of a body or query comes from the text alone and the OpenAPI document, so a route
 * that accepts (or coerces) what its own document forbids is caught.
 */
import { MAX_JSON_BODY_BYTES } from "../app";
import { type JsonSchema, type JsonType, jsonDepth, sampleValue, typesOf, violation } from "./json-schema";
import { PATH_FIXTURES, type Tenant } from "./security";

/** The documented nesting limit of JSON bodies (the protobuf decoder's too). */
export const MAX_JSON_DEPTH = 100;

export type Expectation =
  | { kind: "error"; statuses: readonly number[]; code?: string; why: string }
  | { kind: "client-error"; why: string }
  | { kind: "any"; why: string };

const BAD_REQUEST = (why: string): Expectation => ({
  kind: "error",
  statuses: [400],
  code: "BAD_REQUEST",
  why,
});
const INVALID = (why: string): Expectation => ({
  kind: "error",
  statuses: [422],
  code: "INVALID_INPUT",
  why,
});

// ---- body --------------------------------------------------------------------------------------

const SENTINEL = "\u0000hostile\u0000";

/** JSON text of `body` with the value at `path` replaced by raw JSON text (literals JS cannot hold). */
export function withRaw(body: unknown, path: (string | number)[], raw: string): string {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last === undefined) return raw;
  node[last] = SENTINEL;
  return JSON.stringify(copy).replace(JSON.stringify(SENTINEL), () => raw);
}

/** What a JSON body text must get, from the text alone and the document. */
export function bodyExpectation(schema: JsonSchema, text: string): Expectation {
  if (new TextEncoder().encode(text).byteLength > MAX_JSON_BODY_BYTES)
    return { kind: "error", statuses: [413], code: "PAYLOAD_TOO_LARGE", why: "over the body cap" };
  if (jsonDepth(text) > MAX_JSON_DEPTH) return BAD_REQUEST(`nested deeper than ${MAX_JSON_DEPTH}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return BAD_REQUEST("malformed JSON");
  }
  const reason = violation(schema, parsed);
  return reason ? INVALID(reason) : { kind: "any", why: "allowed by the document" };
}

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const allows = (s: JsonSchema, t: JsonType) => {
  const types = typesOf(s);
  return types.length === 0 || types.includes(t) || (t === "number" && types.includes("integer"));
};
const padded = (s: JsonSchema, text: string) => JSON.stringify(text.padEnd(s.minLength ?? 0, "x"));

type ValueMutation = { name: string; raw: (s: JsonSchema) => string | null };

/** Values put in each field in turn (null: does not apply to this field's type). */
export const VALUE_MUTATIONS: ValueMutation[] = [
  { name: 'wrong type: numeric string "42"', raw: (s) => (allows(s, "string") ? null : '"42"') },
  { name: "wrong type: empty string", raw: () => '""' },
  { name: "wrong type: number 42", raw: (s) => (allows(s, "number") ? null : "42") },
  { name: "wrong type: true", raw: (s) => (allows(s, "boolean") ? null : "true") },
  { name: "wrong type: false", raw: (s) => (allows(s, "boolean") ? null : "false") },
  { name: "wrong type: object", raw: (s) => (allows(s, "object") ? null : '{"hostile":1}') },
  { name: "wrong type: array", raw: (s) => (allows(s, "array") ? null : '["hostile"]') },
  { name: "null", raw: () => "null" },
  {
    name: "huge: a 1 MB string",
    raw: (s) => (allows(s, "string") ? JSON.stringify("a".repeat(1_000_000)) : null),
  },
  {
    name: "huge: maxLength + 1",
    raw: (s) =>
      allows(s, "string") && s.maxLength !== undefined ? JSON.stringify("a".repeat(s.maxLength + 1)) : null,
  },
  {
    name: "lone high surrogate mid-string",
    raw: (s) => (allows(s, "string") ? padded(s, "ab\ud800cd") : null),
  },
  { name: "lone low surrogate at the end", raw: (s) => (allows(s, "string") ? padded(s, "ab\udc00") : null) },
  {
    name: "surrogates in reverse order",
    raw: (s) => (allows(s, "string") ? padded(s, "\udc00\ud800ab") : null),
  },
  { name: "number: -1", raw: (s) => (allows(s, "number") ? "-1" : null) },
  { name: "number: 1e308", raw: (s) => (allows(s, "number") ? "1e308" : null) },
  { name: "number: 2^53+1 literal", raw: (s) => (allows(s, "number") ? "9007199254740993" : null) },
  { name: "number: 1e400 literal (Infinity)", raw: (s) => (allows(s, "number") ? "1e400" : null) },
  { name: "number: -0", raw: (s) => (allows(s, "number") ? "-0" : null) },
  { name: "number: 0.5", raw: (s) => (allows(s, "number") ? "0.5" : null) },
  { name: 'NaN-ish string "NaN"', raw: (s) => (allows(s, "string") ? null : '"NaN"') },
  { name: 'NaN-ish string "Infinity"', raw: (s) => (allows(s, "string") ? null : '"Infinity"') },
  { name: "nested 1,000 deep", raw: () => nested(1000) },
  { name: "nested 100,000 deep", raw: () => nested(100_000) },
];

type DocumentMutation = {
  name: string;
  /** Body text (or bytes) from the base body's text; `expect` overrides the derived expectation. */
  body: (base: string) => string | Uint8Array | ReadableStream<Uint8Array> | null;
  contentType?: string | null;
  expect?: Expectation;
};

function patchedUtf8(base: string): Uint8Array {
  const bytes = new TextEncoder().encode(base);
  const at = base.indexOf('"hostile-');
  if (at >= 0) bytes[at + 3] = 0xff;
  return bytes;
}

function failingStream(base: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(base);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.slice(0, Math.ceil(bytes.length / 2)));
      controller.error(new Error("Network connection lost."));
    },
  });
}

/** Whole-body mutations, once per operation that takes a JSON body. */
export const DOCUMENT_MUTATIONS: DocumentMutation[] = [
  { name: "malformed: cut short", body: (b) => b.slice(0, Math.max(1, Math.floor(b.length / 2))) },
  { name: "malformed: single quotes", body: () => "{'hostile': 1}" },
  { name: "malformed: trailing comma", body: (b) => b.replace(/}$/, ",}") },
  { name: "malformed: text after the document", body: (b) => `${b} trailing` },
  { name: "malformed: bad escape", body: () => '{"hostile":"\\x41"}' },
  { name: "malformed: raw control character in a string", body: () => '{"hostile":"a\u0001b"}' },
  { name: "malformed: bare NaN", body: () => "NaN" },
  { name: "not an object: array", body: () => "[]" },
  { name: "not an object: number", body: () => "42" },
  { name: "not an object: string", body: () => '"hostile"' },
  { name: "not an object: null", body: () => "null" },
  { name: "not an object: true", body: () => "true" },
  { name: "arrays nested 1,000 deep", body: () => nested(1000) },
  { name: "arrays nested 100,000 deep", body: () => nested(100_000) },
  { name: "objects nested 1,000 deep", body: () => `${'{"a":'.repeat(1000)}1${"}".repeat(1000)}` },
  {
    name: "over the body cap",
    body: (b) => b.replace(/^\{/, `{"hostilePad":"${"a".repeat(MAX_JSON_BODY_BYTES)}",`),
  },
  {
    name: "empty body",
    body: () => null,
    contentType: "application/json",
    expect: { kind: "error", statuses: [400, 422], why: "a required body is missing" },
  },
  {
    name: "duplicate key, hostile value first",
    body: (b) => b.replace(/^\{"([^"]+)":/, (_, k: string) => `{"${k}":null,"${k}":`),
  },
  { name: "__proto__ key", body: (b) => b.replace(/^\{/, '{"__proto__":{"isAdmin":true},') },
  {
    name: "UTF-8 BOM first",
    body: (b) => `\ufeff${b}`,
    expect: { kind: "any", why: "a BOM may be stripped" },
  },
  {
    name: "invalid UTF-8 byte in a string",
    body: patchedUtf8,
    expect: { kind: "any", why: "decoded as U+FFFD" },
  },
  {
    name: "body stream fails mid-read",
    body: failingStream,
    expect: BAD_REQUEST("a body that cannot be read is the client's fault, not a 503"),
  },
  {
    name: "content type text/plain",
    body: (b) => b,
    contentType: "text/plain",
    expect: { kind: "error", statuses: [415], code: "UNSUPPORTED_MEDIA_TYPE", why: "not JSON" },
  },
  {
    name: "content type form-urlencoded",
    body: (b) => b,
    contentType: "application/x-www-form-urlencoded",
    expect: { kind: "error", statuses: [415], code: "UNSUPPORTED_MEDIA_TYPE", why: "not JSON" },
  },
  {
    name: "no content type",
    body: (b) => new TextEncoder().encode(b),
    contentType: null,
    expect: { kind: "error", statuses: [415], code: "UNSUPPORTED_MEDIA_TYPE", why: "not JSON" },
  },
];

// ---- path and query ------------------------------------------------------------------------------

/** Path parameters that are capabilities or names rather than tenant ids. */
export const FREE_PARAMS = new Set(["key", "alias"]);
const PREFIXES = ["org", "prj", "usr", "key", "inv"];

function swapPrefix(real: string): string {
  const prefix = /^([a-z]+)_/.exec(real)?.[1];
  if (!prefix) return `prj_${real}`;
  return real.replace(/^[a-z]+_/, `${PREFIXES.find((p) => p !== prefix) ?? "org"}_`);
}

function otherKind(param: string, real: string, t: Tenant): string {
  for (const [name, fixture] of Object.entries(PATH_FIXTURES)) {
    const value = fixture(t);
    if (name !== param && !FREE_PARAMS.has(name) && value && value !== real) return encodeURIComponent(value);
  }
  return "none";
}

/** Raw (already URL-encoded) path segments put in each path parameter in turn. */
export const PATH_MUTATIONS: { name: string; segment: (real: string, param: string, t: Tenant) => string }[] =
  [
    { name: "another prefix on the same id", segment: (real) => encodeURIComponent(swapPrefix(real)) },
    {
      name: "the id without its prefix",
      segment: (real) => encodeURIComponent(real.replace(/^[a-z]+_/, "")),
    },
    { name: "another kind of the tenant's ids", segment: (real, param, t) => otherKind(param, real, t) },
    { name: "lone surrogate as UTF-8 bytes", segment: () => "ab%ED%A0%80cd" },
    { name: "invalid UTF-8", segment: () => "%FF%FE" },
    { name: "broken percent escape", segment: () => "ab%E0%A4%A" },
    { name: "NUL byte", segment: () => "a%00b" },
    { name: "5,000 characters", segment: () => "a".repeat(5000) },
    { name: "encoded path traversal", segment: () => "..%2F..%2Fwhoami" },
    { name: "SQL text", segment: () => encodeURIComponent("' OR '1'='1") },
    { name: "blank", segment: () => "%20" },
  ];

type QueryMutation = { name: string; values: (s: JsonSchema) => string[] | null };

const isNumeric = (s: JsonSchema) => typesOf(s).some((t) => t === "number" || t === "integer");
const itemSchema = (s: JsonSchema) => (typesOf(s).includes("array") ? (s.items ?? {}) : s);
const validRaw = (s: JsonSchema) => {
  const sample = sampleValue(s, 0);
  return encodeURIComponent(String(Array.isArray(sample) ? sample[0] : sample));
};

/** Raw (already URL-encoded) values given to each query parameter in turn. */
export const QUERY_MUTATIONS: QueryMutation[] = [
  { name: "lone surrogate as UTF-8 bytes", values: () => ["ab%ED%A0%80cd"] },
  { name: "invalid UTF-8", values: () => ["%FF%FE"] },
  { name: "NUL byte", values: () => ["a%00b"] },
  { name: "empty", values: () => [""] },
  { name: "32 KB", values: () => ["a".repeat(32 * 1024)] },
  { name: "JSON object text", values: () => [encodeURIComponent('{"hostile":1}')] },
  { name: "forged base64 JSON", values: () => [btoa('{"t":1e400,"id":"\\ud800"}')] },
  { name: "given twice", values: (s) => [validRaw(s), validRaw(s)] },
  {
    name: "maxLength + 1",
    values: (s) =>
      itemSchema(s).maxLength !== undefined ? ["a".repeat((itemSchema(s).maxLength ?? 0) + 1)] : null,
  },
  ...["abc", "true", "null", "NaN", "Infinity", "-1", "1e308", "9007199254740993", "1e400", "0.5"].map(
    (v): QueryMutation => ({ name: `number: ${v}`, values: (s) => (isNumeric(s) ? [v] : null) }),
  ),
  { name: "not in the enum", values: (s) => (s.enum ? ["NOPE"] : null) },
  ...[
    "not-a-date",
    "9999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "%2B275760-09-13T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-03-01T00:00:00%2B99:99",
  ].map(
    (v): QueryMutation => ({
      name: `date-time: ${v}`,
      values: (s) => (s.format === "date-time" ? [v] : null),
    }),
  ),
  {
    name: "21 items",
    values: (s) => (s.maxItems !== undefined ? Array(s.maxItems + 1).fill(validRaw(s)) : null),
  },
  { name: "item without =", values: (s) => (s.items?.pattern ? ["novalue"] : null) },
  { name: "item with an empty key", values: (s) => (s.items?.pattern ? [encodeURIComponent("=x")] : null) },
];

function decodeQuery(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    return raw;
  }
}

/** What a query value must get: 422 where the document forbids it (numbers read as numbers). */
export function queryExpectation(schema: JsonSchema, raws: string[]): Expectation {
  const isArray = typesOf(schema).includes("array");
  if (!isArray && raws.length > 1) return { kind: "any", why: "a repeated scalar" };
  const typed: unknown[] = [];
  for (const raw of raws) {
    const text = decodeQuery(raw);
    const item = itemSchema(schema);
    // "" for a number is read as 0 by string coercion, which query strings may do.
    if (isNumeric(item) && text.trim() === "") return { kind: "any", why: "an empty number" };
    typed.push(isNumeric(item) ? Number(text) : text);
  }
  const reason = violation(schema, isArray ? typed : typed[0], "query");
  return reason ? INVALID(reason) : { kind: "any", why: "allowed by the document" };
}
