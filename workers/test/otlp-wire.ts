/**
 * OTLP protobuf written by hand, for payloads the generated encoder cannot make: fixed64 and
 * int64 values beyond 2^53, bytes that are not UTF-8 in string fields, attribute values nested
 * 100,000 deep (written in one pass, headers first, so depth costs linear time). Field numbers
 * are those of opentelemetry/proto/trace/v1 and common/v1. Also reads the small answers
 * (ExportTraceServiceResponse, google.rpc.Status).
 */
type Bytes = Uint8Array;

function concat(parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A varint; negative numbers as 64-bit two's complement (ten bytes), as int64 fields want. */
export function varint(value: bigint | number): Bytes {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return new Uint8Array(out);
}

const tag = (field: number, wire: number) => varint((field << 3) | wire);
const text = (value: string | Bytes) => (typeof value === "string" ? new TextEncoder().encode(value) : value);

export const pb = {
  len: (field: number, body: Bytes) => concat([tag(field, 2), varint(body.length), body]),
  str: (field: number, value: string | Bytes) => pb.len(field, text(value)),
  varint: (field: number, value: bigint | number) => concat([tag(field, 0), varint(value)]),
  fixed64: (field: number, value: bigint) => {
    const body = new Uint8Array(8);
    new DataView(body.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    return concat([tag(field, 1), body]);
  },
  double: (field: number, value: number) => {
    const body = new Uint8Array(8);
    new DataView(body.buffer).setFloat64(0, value, true);
    return concat([tag(field, 1), body]);
  },
};

/** AnyValue: string_value 1, bool_value 2, int_value 3, double_value 4, array_value 5, kvlist_value 6. */
export const anyValue = {
  string: (v: string | Bytes) => pb.str(1, v),
  int: (v: bigint | number) => pb.varint(3, v),
  double: (v: number) => pb.double(4, v),
};

/** KeyValue { key 1, value 2 }. */
export const keyValue = (key: string | Bytes, value: Bytes) => concat([pb.str(1, key), pb.len(2, value)]);

export type WireSpan = {
  traceId: Bytes;
  spanId: Bytes;
  name: string | Bytes;
  startNanos: bigint;
  endNanos: bigint;
  attributes?: Bytes[];
  events?: { timeNanos: bigint; name: string | Bytes; attributes?: Bytes[] }[];
  status?: { code: number; message?: string | Bytes };
};

/** Span: trace_id 1, span_id 2, name 5, kind 6, start 7, end 8, attributes 9, events 11, status 15. */
export function span(s: WireSpan): Bytes {
  return concat([
    pb.len(1, s.traceId),
    pb.len(2, s.spanId),
    pb.str(5, s.name),
    pb.varint(6, 1),
    pb.fixed64(7, s.startNanos),
    pb.fixed64(8, s.endNanos),
    ...(s.attributes ?? []).map((a) => pb.len(9, a)),
    ...(s.events ?? []).map((e) =>
      pb.len(
        11,
        concat([
          pb.fixed64(1, e.timeNanos),
          pb.str(2, e.name),
          ...(e.attributes ?? []).map((a) => pb.len(3, a)),
        ]),
      ),
    ),
    ...(s.status
      ? [
          pb.len(
            15,
            concat([...(s.status.message ? [pb.str(2, s.status.message)] : []), pb.varint(3, s.status.code)]),
          ),
        ]
      : []),
  ]);
}

/** ExportTraceServiceRequest { resource_spans 1 { resource 1 { attributes 1 }, scope_spans 2 { spans 2 } } }. */
export function exportRequest(
  spans: Bytes[],
  resourceAttributes: Bytes[] = [keyValue("service.name", anyValue.string("hostile"))],
): Bytes {
  const resource = concat(resourceAttributes.map((a) => pb.len(1, a)));
  const scopeSpans = concat(spans.map((s) => pb.len(2, s)));
  return pb.len(1, concat([pb.len(1, resource), pb.len(2, scopeSpans)]));
}

/**
 * An AnyValue nested `depth` levels (kvlist_value { values { key "k", value … } } or
 * array_value { values … }) around a string: headers written outermost first, lengths computed
 * innermost first, so no level is copied.
 */
export function nestedValue(kind: "kvlist" | "array", depth: number): Bytes {
  const innermost = anyValue.string("x");
  const headers: Bytes[] = [];
  let length = innermost.length;
  for (let i = 0; i < depth; i++) {
    let header: Bytes;
    if (kind === "kvlist") {
      const kv = 3 + 1 + varint(length).length + length;
      const list = 1 + varint(kv).length + kv;
      header = concat([
        tag(6, 2),
        varint(list),
        tag(1, 2),
        varint(kv),
        pb.str(1, "k"),
        tag(2, 2),
        varint(length),
      ]);
    } else {
      const list = 1 + varint(length).length + length;
      header = concat([tag(5, 2), varint(list), tag(1, 2), varint(length)]);
    }
    length += header.length;
    headers.push(header);
  }
  return concat([...headers.reverse(), innermost]);
}

function readVarint(bytes: Bytes, at: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  for (;;) {
    const b = bytes[at++];
    if (b === undefined) throw new Error("truncated varint");
    value |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if (b < 0x80) return [value, at];
  }
}

/** The top-level fields of a message: varints as bigint, length-delimited as bytes. */
export function readFields(bytes: Bytes): Map<number, bigint | Bytes> {
  const out = new Map<number, bigint | Bytes>();
  let at = 0;
  while (at < bytes.length) {
    const [key, next] = readVarint(bytes, at);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const [v, after] = readVarint(bytes, next);
      out.set(field, v);
      at = after;
    } else if (wire === 2) {
      const [len, start] = readVarint(bytes, next);
      out.set(field, bytes.slice(start, start + Number(len)));
      at = start + Number(len);
    } else throw new Error(`wire type ${wire} not expected in an OTLP answer`);
  }
  return out;
}

/** ExportTraceServiceResponse: partial_success 1 { rejected_spans 1, error_message 2 }. */
export function readExportResponse(bytes: Bytes): { rejected: number; message: string } {
  const partial = readFields(bytes).get(1);
  if (!(partial instanceof Uint8Array)) return { rejected: 0, message: "" };
  const fields = readFields(partial);
  const message = fields.get(2);
  return {
    rejected: Number(fields.get(1) ?? 0n),
    message: message instanceof Uint8Array ? new TextDecoder().decode(message) : "",
  };
}

/** google.rpc.Status: code 1, message 2. */
export function readRpcStatus(bytes: Bytes): { code: number; message: string } {
  const fields = readFields(bytes);
  const message = fields.get(2);
  return {
    code: Number(fields.get(1) ?? 0n),
    message: message instanceof Uint8Array ? new TextDecoder().decode(message) : "",
  };
}
