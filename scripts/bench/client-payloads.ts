/**
 * The mixed workload of issue 12: what seven real instrumentation libraries send
 * (tests/fixtures/clients/), replayed with fresh trace and span ids per copy so every copy is new
 * work (the same ids again would be deduplicated). One copy of a library is one unit: its requests
 * in order (Traceloop sends one span per request; OpenTelemetry's OpenAI instrumentation a log
 * export after its spans; Langfuse OTLP/JSON to its own path).
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import "../../workers/ingest/otlp/protobuf-runtime.ts";
import { opentelemetry } from "../../workers/ingest/otlp/generated.js";

type Recorded = { requests: { path: string; headers: Record<string, string>; bodyBase64: string }[] };
export type ClientRequest = { path: string; contentType: string; body: Uint8Array<ArrayBuffer> };
export type ClientUnit = { library: string; requests: ClientRequest[]; spans: number };

const FIXTURES = new URL("../../tests/fixtures/clients/", import.meta.url);

/** Every id of a copy, mapped consistently to a fresh one of the same length. */
function idMap() {
  const ids = new Map<string, string>();
  return (hex: string) => {
    if (hex === "") return hex;
    let fresh = ids.get(hex);
    if (!fresh) {
      fresh = randomBytes(hex.length / 2).toString("hex");
      ids.set(hex, fresh);
    }
    return fresh;
  };
}

const toHex = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString("hex");
const fromHex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));

type PbIds = { traceId?: Uint8Array | null; spanId?: Uint8Array | null; parentSpanId?: Uint8Array | null };

function remapPb<T extends PbIds>(item: T, map: (h: string) => string): T {
  const out = { ...item };
  for (const key of ["traceId", "spanId", "parentSpanId"] as const) {
    const v = item[key];
    if (v && v.length > 0) out[key] = fromHex(map(toHex(v)));
  }
  return out;
}

function remapped(
  path: string,
  type: string,
  body: Uint8Array,
  map: (h: string) => string,
): { body: Uint8Array; spans: number } {
  const P = opentelemetry.proto;
  if (type.includes("json")) {
    const json = JSON.parse(Buffer.from(body).toString("utf8"));
    let spans = 0;
    for (const rs of json.resourceSpans ?? [])
      for (const ss of rs.scopeSpans ?? [])
        for (const s of ss.spans ?? []) {
          spans++;
          for (const key of ["traceId", "spanId", "parentSpanId"]) if (s[key]) s[key] = map(s[key]);
        }
    return { body: new Uint8Array(Buffer.from(JSON.stringify(json))), spans };
  }
  if (path.endsWith("/logs")) {
    const req = P.ExportLogsServiceRequest.decode(body);
    for (const rl of req.resourceLogs ?? [])
      for (const sl of rl.scopeLogs ?? []) sl.logRecords = (sl.logRecords ?? []).map((r) => remapPb(r, map));
    return { body: P.ExportLogsServiceRequest.encode(req).finish(), spans: 0 };
  }
  const req = P.ExportTraceServiceRequest.decode(body);
  let spans = 0;
  for (const rs of req.resourceSpans ?? [])
    for (const ss of rs.scopeSpans ?? []) {
      ss.spans = (ss.spans ?? []).map((s) => remapPb(s, map));
      spans += ss.spans.length;
    }
  return { body: P.ExportTraceServiceRequest.encode(req).finish(), spans };
}

/** `count` units, cycling through the seven libraries, each with fresh ids. */
export function clientUnits(count: number): ClientUnit[] {
  const recorded = readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".decoded.json"))
    .sort()
    .map((f) => ({
      library: f.replace(/\.json$/, ""),
      ...(JSON.parse(readFileSync(new URL(f, FIXTURES), "utf8")) as Recorded),
    }));
  return Array.from({ length: count }, (_, i) => {
    const fixture = recorded[i % recorded.length];
    if (!fixture) throw new Error("no client fixtures");
    const map = idMap();
    let spans = 0;
    const requests = fixture.requests.map((r) => {
      const contentType = r.headers["content-type"] ?? "application/x-protobuf";
      const out = remapped(r.path, contentType, Buffer.from(r.bodyBase64, "base64"), map);
      spans += out.spans;
      return { path: r.path, contentType, body: new Uint8Array(out.body) };
    });
    return { library: fixture.library, requests, spans };
  });
}
