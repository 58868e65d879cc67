/**
 * Hostile spans as OTLP/JSON (hostile-otlp.ts runs them): lone surrogates wherever text goes,
 * times outside the window, token counts outside 0 … 2^53−1, integers beyond 2^53, nesting.
 */
import {
  ACCEPTED,
  BAD,
  dbl,
  deepJsonCase,
  FFFD,
  first,
  int,
  JSON_TYPE,
  jsonExport,
  jsonSpan,
  NOW,
  nanos,
  type OtlpCase,
  oneJsonSpan,
  RAW,
  REJECTED,
  s,
  same,
  U64_MAX,
  YEAR_9999,
} from "./hostile-otlp-build";

const surrogateCases: OtlpCase[] = [
  oneJsonSpan(
    "surrogate in the span name",
    ACCEPTED,
    { name: "ab\ud800cd" },
    {
      check: (d) => same("span name", first(d)?.name, `ab${FFFD}cd`),
    },
  ),
  oneJsonSpan(
    "lone low surrogate ending the name",
    ACCEPTED,
    { name: "ab\udc00" },
    {
      check: (d) => same("span name", first(d)?.name, `ab${FFFD}`),
    },
  ),
  oneJsonSpan(
    "surrogate in an attribute key",
    ACCEPTED,
    { attributes: [s("k\ud800", "v")] },
    {
      check: (d) => same("attribute", first(d)?.attributes[`k${FFFD}`], "v"),
    },
  ),
  oneJsonSpan(
    "surrogate in an attribute value",
    ACCEPTED,
    { attributes: [s("k", "v\udfff")] },
    {
      check: (d) => same("attribute", first(d)?.attributes.k, `v${FFFD}`),
    },
  ),
  oneJsonSpan(
    "surrogate in the status message",
    ACCEPTED,
    { status: { code: 2, message: "bad\ud800" } },
    {
      check: (d) => same("status message", first(d)?.statusMessage, `bad${FFFD}`),
    },
  ),
  oneJsonSpan(
    "surrogate in an event name and attribute",
    ACCEPTED,
    { events: [{ timeUnixNano: nanos(NOW()), name: "ev\ud800", attributes: [s("e\udc00", "x\ud800")] }] },
    { check: (d) => same("event name", first(d)?.events[0]?.name, `ev${FFFD}`) },
  ),
  oneJsonSpan(
    "surrogate in a resource attribute",
    ACCEPTED,
    {},
    { resource: [s("service.name", "svc\ud800")] },
  ),
  oneJsonSpan("surrogate in session, user, model and tags", ACCEPTED, {
    attributes: [
      s("session.id", "sess\ud800"),
      s("user.id", "user\udc00"),
      s("gen_ai.request.model", "gpt\ud800"),
      s("sightline.tag.t\ud800", "v\ud800"),
      s("sightline.metadata.m", "\udfff"),
    ],
  }),
  // Attribute values that hold JSON text are parsed again by ingest (MLflow quotes its values).
  oneJsonSpan("escaped surrogates inside JSON text of attributes", ACCEPTED, {
    attributes: [
      s("mlflow.spanInputs", '{"q":"ab\\ud800cd"}'),
      s("mlflow.spanOutputs", '"\\udc00"'),
      s("mlflow.spanType", '"TOOL\\ud800"'),
      s("session.id", '"sess\\ud800"'),
      s("metadata", '{"k\\ud800":"v\\udc00"}'),
      s("mlflow.chat.tokenUsage", '{"input_tokens":1,"x\\ud800":2}'),
    ],
  }),
  oneJsonSpan("escaped surrogates inside JSON text of chat messages", ACCEPTED, {
    attributes: [
      s("gen_ai.input.messages", '[{"role":"user","content":"hi\\ud800"}]'),
      s("gen_ai.output.messages", '[{"role":"assistant","content":"\\udfff"}]'),
    ],
  }),
  oneJsonSpan("surrogates in kvlist keys and array values", ACCEPTED, {
    attributes: [
      { key: "kv", value: { kvlistValue: { values: [{ key: "in\ud800", value: { stringValue: "x" } }] } } },
      {
        key: "arr",
        value: { arrayValue: { values: [{ stringValue: "a\ud800" }, { stringValue: "\udc00" }] } },
      },
    ],
  }),
];

const day = 86_400_000;
const timeCases: OtlpCase[] = [
  oneJsonSpan(
    "start in year 9999",
    REJECTED,
    { startTimeUnixNano: YEAR_9999, endTimeUnixNano: YEAR_9999 },
    {
      startMs: Date.UTC(9999, 11, 31),
    },
  ),
  oneJsonSpan("start at u64 max", REJECTED, { startTimeUnixNano: U64_MAX, endTimeUnixNano: U64_MAX }),
  oneJsonSpan("start 1e30 as a JSON number", REJECTED, { startTimeUnixNano: 1e30, endTimeUnixNano: 1e30 }),
  oneJsonSpan("start 0", REJECTED, { startTimeUnixNano: "0" }),
  oneJsonSpan("start negative", REJECTED, { startTimeUnixNano: "-1" }),
  oneJsonSpan(
    "start 1999-12-31",
    REJECTED,
    {
      startTimeUnixNano: nanos(Date.UTC(1999, 11, 31)),
      endTimeUnixNano: nanos(Date.UTC(1999, 11, 31) + 10),
    },
    { startMs: Date.UTC(1999, 11, 31) },
  ),
  oneJsonSpan("start 25 h ahead", REJECTED, {
    startTimeUnixNano: nanos(Date.now() + 25 * 3_600_000),
    endTimeUnixNano: nanos(Date.now() + 25 * 3_600_000 + 10),
  }),
  oneJsonSpan("start 1 h ahead (inside the window)", ACCEPTED, {
    startTimeUnixNano: nanos(Date.now() + 3_600_000),
    endTimeUnixNano: nanos(Date.now() + 3_600_000 + 10),
  }),
  oneJsonSpan(
    "start 2000-01-02 (inside the window)",
    ACCEPTED,
    {
      startTimeUnixNano: nanos(Date.UTC(2000, 0, 2)),
      endTimeUnixNano: nanos(Date.UTC(2000, 0, 2) + 10),
    },
    { startMs: Date.UTC(2000, 0, 2) },
  ),
  oneJsonSpan("end before start", REJECTED, { endTimeUnixNano: nanos(NOW() - day) }),
  oneJsonSpan("end at u64 max", REJECTED, { endTimeUnixNano: U64_MAX }),
  oneJsonSpan("event at u64 max", REJECTED, { events: [{ timeUnixNano: U64_MAX, name: "e" }] }),
  oneJsonSpan("event in year 9999", REJECTED, { events: [{ timeUnixNano: YEAR_9999, name: "e" }] }),
  oneJsonSpan("event at 1e30", REJECTED, { events: [{ timeUnixNano: 1e30, name: "e" }] }),
  oneJsonSpan("event in 1970", REJECTED, { events: [{ timeUnixNano: "1000", name: "e" }] }),
  {
    name: "rejected parent, kept child",
    encoding: "json",
    owed: { status: 200, rejected: 1, stored: true },
    build: () => {
      const parent = jsonSpan({ startTimeUnixNano: U64_MAX, endTimeUnixNano: U64_MAX });
      const child = jsonSpan({ traceId: parent.traceId, parentSpanId: parent.spanId, name: "child" });
      return {
        body: JSON.stringify(jsonExport([parent, child])),
        headers: JSON_TYPE,
        traceIds: [parent.traceId],
        absentSpans: [parent.spanId],
        check: (d) => same("stored spans", d.spans.map((x) => x.name).join(), "child"),
      };
    },
  },
];

const tokenCases: OtlpCase[] = [
  oneJsonSpan("input tokens 2^53+1", REJECTED, {
    attributes: [int("gen_ai.usage.input_tokens", "9007199254740993")],
  }),
  oneJsonSpan("input tokens 1e308", REJECTED, { attributes: [dbl("gen_ai.usage.input_tokens", 1e308)] }),
  oneJsonSpan("input tokens -5", REJECTED, { attributes: [int("gen_ai.usage.input_tokens", "-5")] }),
  oneJsonSpan("output tokens 2^53+1 as a string", REJECTED, {
    attributes: [s("gen_ai.usage.output_tokens", "9007199254740993")],
  }),
  oneJsonSpan("total tokens u64 max", REJECTED, { attributes: [int("llm.token_count.total", U64_MAX)] }),
  oneJsonSpan("mlflow token usage 1e308", REJECTED, {
    attributes: [s("mlflow.chat.tokenUsage", '{"input_tokens": 1e308}')],
  }),
  oneJsonSpan(
    "input tokens as a 2^53+1 JSON number literal",
    REJECTED,
    {
      attributes: [{ key: "gen_ai.usage.input_tokens", value: { intValue: RAW } }],
    },
    { literal: "9007199254740993" },
  ),
  oneJsonSpan(
    "input and output tokens 2^53−1 each (their total is not)",
    { status: 200, rejected: "either" },
    {
      attributes: [
        int("gen_ai.usage.input_tokens", String(Number.MAX_SAFE_INTEGER)),
        int("gen_ai.usage.output_tokens", String(Number.MAX_SAFE_INTEGER)),
      ],
    },
  ),
  {
    name: "two spans of 2^53−1 input tokens (the trace's sum saturates)",
    encoding: "json",
    owed: ACCEPTED,
    build: () => {
      const max = String(Number.MAX_SAFE_INTEGER);
      const model = s("gen_ai.request.model", "gpt-4o");
      const a = jsonSpan({ attributes: [int("gen_ai.usage.input_tokens", max), model] });
      const b = jsonSpan({
        traceId: a.traceId,
        parentSpanId: a.spanId,
        attributes: [int("gen_ai.usage.input_tokens", max), model],
      });
      return {
        body: JSON.stringify(jsonExport([a, b])),
        headers: JSON_TYPE,
        traceIds: [a.traceId],
        check: (d) =>
          Number.isSafeInteger(d.totalTokens) && Number.isSafeInteger(d.inputTokens)
            ? null
            : `trace tokens ${d.inputTokens}/${d.totalTokens} are not safe integers`,
      };
    },
  },
];

const bigIntCases: OtlpCase[] = [
  oneJsonSpan(
    "int attribute 2^53+1",
    ACCEPTED,
    { attributes: [int("app.id", "9007199254740993")] },
    {
      check: (d) => same("app.id", first(d)?.attributes["app.id"], "9007199254740993"),
    },
  ),
  oneJsonSpan(
    "int attribute int64 max",
    ACCEPTED,
    { attributes: [int("app.id", "9223372036854775807")] },
    {
      check: (d) => same("app.id", first(d)?.attributes["app.id"], "9223372036854775807"),
    },
  ),
  oneJsonSpan(
    "int attribute int64 min",
    ACCEPTED,
    { attributes: [int("app.id", "-9223372036854775808")] },
    {
      check: (d) => same("app.id", first(d)?.attributes["app.id"], "-9223372036854775808"),
    },
  ),
  oneJsonSpan(
    "small int attribute stays a number",
    ACCEPTED,
    { attributes: [int("app.n", "42")] },
    {
      check: (d) => same("app.n", first(d)?.attributes["app.n"], 42),
    },
  ),
  oneJsonSpan("double attribute 1e308 and NaN text", ACCEPTED, {
    attributes: [dbl("d", 1e308), dbl("nan", "NaN")],
  }),
];

const nestingCases: OtlpCase[] = [
  deepJsonCase("kvlist", 10, ACCEPTED),
  deepJsonCase("kvlist", 700, BAD),
  deepJsonCase("kvlist", 100_000, BAD),
  deepJsonCase("array", 700, BAD),
  deepJsonCase("array", 100_000, BAD),
  oneJsonSpan(
    "JSON text nested 100,000 deep in the inputs",
    { status: 200, rejected: "either" },
    {
      attributes: [s("mlflow.spanInputs", "[".repeat(100_000) + "]".repeat(100_000))],
    },
  ),
  oneJsonSpan(
    "JSON text nested 700 deep in an attribute",
    { status: 200, rejected: "either" },
    {
      attributes: [s("input.value", `${'{"a":'.repeat(700)}1${"}".repeat(700)}`)],
    },
  ),
];

/** Every hostile JSON span case. */
export const SPAN_CASES: OtlpCase[] = [
  ...surrogateCases,
  ...timeCases,
  ...tokenCases,
  ...bigIntCases,
  ...nestingCases,
];
