/**
 * Hostile OTLP exports for the ingest suite (http/hostile-otlp.test.ts), each with what
 * docs/api-traces.md ("What ingest accepts") owes it: lone surrogates become U+FFFD; a span
 * outside 2000-01-01 … receipt + 24 h, or with a token count outside 0 … 2^53−1, is rejected as
 * partial success and never stored (its children are kept); other integers beyond 2^53 come
 * back as exact decimal strings; nesting deeper than 100, protobuf strings that are not UTF-8,
 * truncated bodies and bad gzip answer 400; unknown encodings 415; a gzip bomb 413.
 */
import { MAX_OTLP_DECOMPRESSED_BYTES } from "../ingest/body";
import {
  ACCEPTED,
  BAD,
  FFFD,
  first,
  JSON_TYPE,
  jsonExport,
  jsonSpan,
  NOW,
  type OtlpCase,
  type OtlpOwed,
  oneJsonSpan,
  PROTOBUF_TYPE,
  pbSpan,
  protobufCase,
  REJECTED,
  same,
  YEAR_9999,
} from "./hostile-otlp-build";
import { SPAN_CASES } from "./hostile-otlp-spans";
import { anyValue, keyValue, nestedValue } from "./otlp-wire";

export type { OtlpCase, SentExport, TraceDetailLike } from "./hostile-otlp-build";

const INVALID_UTF8 = [
  ["a lone surrogate's bytes", new Uint8Array([0x61, 0xed, 0xa0, 0x80, 0x62])],
  ["byte 0xFF", new Uint8Array([0x61, 0xff, 0x62])],
  ["a cut multi-byte character", new Uint8Array([0x61, 0xe2, 0x82])],
] as const;

const protobufCases: OtlpCase[] = [
  protobufCase("start at fixed64 max", REJECTED, (ids) =>
    pbSpan(ids, { startNanos: 2n ** 64n - 1n, endNanos: 2n ** 64n - 1n }),
  ),
  protobufCase("start in year 9999", REJECTED, (ids) =>
    pbSpan(ids, { startNanos: BigInt(YEAR_9999), endNanos: BigInt(YEAR_9999) }),
  ),
  protobufCase("event at fixed64 max", REJECTED, (ids) =>
    pbSpan(ids, { events: [{ timeNanos: 2n ** 64n - 1n, name: "e" }] }),
  ),
  protobufCase("input tokens 2^53+1 (int64)", REJECTED, (ids) =>
    pbSpan(ids, { attributes: [keyValue("gen_ai.usage.input_tokens", anyValue.int(2n ** 53n + 1n))] }),
  ),
  protobufCase("input tokens -5 (int64)", REJECTED, (ids) =>
    pbSpan(ids, { attributes: [keyValue("gen_ai.usage.input_tokens", anyValue.int(-5n))] }),
  ),
  protobufCase("input tokens 1e308 (double)", REJECTED, (ids) =>
    pbSpan(ids, { attributes: [keyValue("gen_ai.usage.input_tokens", anyValue.double(1e308))] }),
  ),
  protobufCase(
    "int attribute 2^53+1 (int64)",
    ACCEPTED,
    (ids) => pbSpan(ids, { attributes: [keyValue("app.id", anyValue.int(2n ** 53n + 1n))] }),
    (d) => same("app.id", first(d)?.attributes["app.id"], "9007199254740993"),
  ),
  protobufCase(
    "int attribute -2^63 (int64)",
    ACCEPTED,
    (ids) => pbSpan(ids, { attributes: [keyValue("app.id", anyValue.int(-(2n ** 63n)))] }),
    (d) => same("app.id", first(d)?.attributes["app.id"], "-9223372036854775808"),
  ),
  protobufCase("kvlist attribute nested 700 deep", BAD, (ids) =>
    pbSpan(ids, { attributes: [keyValue("deep", nestedValue("kvlist", 700))] }),
  ),
  protobufCase("array attribute nested 100000 deep", BAD, (ids) =>
    pbSpan(ids, { attributes: [keyValue("deep", nestedValue("array", 100_000))] }),
  ),
  protobufCase("kvlist attribute nested 20 deep", ACCEPTED, (ids) =>
    pbSpan(ids, { attributes: [keyValue("deep", nestedValue("kvlist", 20))] }),
  ),
  ...INVALID_UTF8.flatMap(([what, bytes]) => [
    protobufCase(`span name with ${what}`, BAD, (ids) => pbSpan(ids, { name: bytes })),
    protobufCase(`attribute key with ${what}`, BAD, (ids) =>
      pbSpan(ids, { attributes: [keyValue(bytes, anyValue.string("v"))] }),
    ),
    protobufCase(`attribute value with ${what}`, BAD, (ids) =>
      pbSpan(ids, { attributes: [keyValue("k", anyValue.string(bytes))] }),
    ),
  ]),
  protobufCase("status message with invalid UTF-8", BAD, (ids) =>
    pbSpan(ids, { status: { code: 2, message: INVALID_UTF8[1][1] } }),
  ),
  protobufCase("event name with invalid UTF-8", BAD, (ids) =>
    pbSpan(ids, { events: [{ timeNanos: BigInt(NOW()) * 1_000_000n, name: INVALID_UTF8[0][1] }] }),
  ),
  protobufCase("truncated", BAD, (ids) => {
    const whole = pbSpan(ids, { attributes: [keyValue("k", anyValue.string("v".repeat(100)))] });
    return whole.slice(0, whole.length - 40);
  }),
];

/** A whole export that is not what it claims; nothing of it may be stored. */
function bodyCase(
  name: string,
  owed: OtlpOwed,
  make: (
    json: string,
    protobuf: Uint8Array,
  ) =>
    | Promise<{ body: BodyInit; headers: Record<string, string> }>
    | { body: BodyInit; headers: Record<string, string> },
  encoding: "json" | "protobuf" = "json",
): OtlpCase {
  return {
    name,
    encoding,
    owed,
    build: async () => {
      const span = jsonSpan();
      const json = JSON.stringify(jsonExport([span]));
      const protobuf = pbSpan({ traceId: span.traceId, spanId: span.spanId });
      return { ...(await make(json, protobuf)), traceIds: [span.traceId] };
    },
  };
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
const utf8 = (text: string) => new TextEncoder().encode(text);
const NOT_OURS = { status: 415 } as const;

const bodyCases: OtlpCase[] = [
  bodyCase("JSON cut in half", BAD, (j) => ({ body: j.slice(0, j.length / 2), headers: JSON_TYPE })),
  bodyCase("JSON array body", BAD, () => ({ body: "[]", headers: JSON_TYPE })),
  bodyCase("JSON number body", BAD, () => ({ body: "42", headers: JSON_TYPE })),
  bodyCase("JSON null body", BAD, () => ({ body: "null", headers: JSON_TYPE })),
  bodyCase("empty JSON body", BAD, () => ({ body: "", headers: JSON_TYPE })),
  bodyCase("resourceSpans is a string", BAD, () => ({ body: '{"resourceSpans":"x"}', headers: JSON_TYPE })),
  bodyCase("whole document nested 100,000 deep", BAD, () => ({
    body: `{"resourceSpans":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
    headers: JSON_TYPE,
  })),
  bodyCase("protobuf bytes labelled JSON", BAD, (_, p) => ({ body: p, headers: JSON_TYPE })),
  bodyCase(
    "JSON text labelled protobuf",
    BAD,
    (j) => ({ body: utf8(j), headers: PROTOBUF_TYPE }),
    "protobuf",
  ),
  bodyCase("text/plain", NOT_OURS, (j) => ({ body: utf8(j), headers: { "content-type": "text/plain" } })),
  bodyCase("no content type", NOT_OURS, (j) => ({ body: utf8(j), headers: {} })),
  bodyCase("form-urlencoded", NOT_OURS, (j) => ({
    body: utf8(j),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  })),
  bodyCase("gzip header on a plain body", BAD, (j) => ({
    body: utf8(j),
    headers: { ...JSON_TYPE, "content-encoding": "gzip" },
  })),
  bodyCase("gzip cut short", BAD, async (j) => {
    const zipped = await gzip(utf8(j));
    return {
      body: zipped.slice(0, zipped.length - 12),
      headers: { ...JSON_TYPE, "content-encoding": "gzip" },
    };
  }),
  bodyCase(
    "gzip cut short (protobuf)",
    BAD,
    async (_, p) => {
      const zipped = await gzip(p);
      return {
        body: zipped.slice(0, zipped.length - 12),
        headers: { ...PROTOBUF_TYPE, "content-encoding": "gzip" },
      };
    },
    "protobuf",
  ),
  bodyCase("br encoding", NOT_OURS, (j) => ({
    body: utf8(j),
    headers: { ...JSON_TYPE, "content-encoding": "br" },
  })),
  bodyCase("gzip bomb past the decompressed cap", { status: 413 }, async () => ({
    body: await gzip(new Uint8Array(MAX_OTLP_DECOMPRESSED_BYTES + 1024)),
    headers: { ...JSON_TYPE, "content-encoding": "gzip" },
  })),
  bodyCase("body stream fails mid-read", BAD, (j) => ({
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(utf8(j.slice(0, 20)));
        controller.error(new Error("Network connection lost."));
      },
    }),
    headers: JSON_TYPE,
  })),
  {
    name: "gzipped JSON with a surrogate in the name",
    encoding: "json",
    owed: ACCEPTED,
    build: async () => {
      const span = jsonSpan({ name: "gz\ud800" });
      const text = JSON.stringify(jsonExport([span]));
      return {
        body: await gzip(utf8(text)),
        headers: { ...JSON_TYPE, "content-encoding": "gzip" },
        traceIds: [span.traceId],
        check: (d) => same("span name", first(d)?.name, `gz${FFFD}`),
      };
    },
  },
  {
    name: "empty protobuf export",
    encoding: "protobuf",
    owed: { status: 200, rejected: 0, stored: false },
    build: () => ({ body: new Uint8Array(), headers: PROTOBUF_TYPE, traceIds: [] }),
  },
  oneJsonSpan("unknown fields everywhere", ACCEPTED, {
    hostile: { nested: [1, 2] },
    status: { code: 1, extra: true },
  }),
  oneJsonSpan("span name is a number", REJECTED, { name: 5 }),
  oneJsonSpan("attributes is an object", REJECTED, { attributes: { k: "v" } }),
  oneJsonSpan("start time is true", REJECTED, { startTimeUnixNano: true }),
  oneJsonSpan("trace id all zeros", { status: 200, rejected: 1, stored: false }, { traceId: "0".repeat(32) }),
];

/** Every hostile export, in a fixed order. */
export const OTLP_CASES: OtlpCase[] = [...SPAN_CASES, ...protobufCases, ...bodyCases];
