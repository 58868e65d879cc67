// Types for the parts of generated.js (protobufjs static code) that ingest uses. With
// --force-number, 64-bit integers decode to JavaScript numbers (nanosecond times lose
// sub-microsecond precision, which Sightline does not keep anyway).

export type PbAnyValue = {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: number | null;
  doubleValue?: number | null;
  arrayValue?: { values?: PbAnyValue[] | null } | null;
  kvlistValue?: { values?: PbKeyValue[] | null } | null;
  bytesValue?: Uint8Array | null;
  value?: string;
};
export type PbKeyValue = { key?: string | null; value?: PbAnyValue | null };
export type PbEvent = {
  timeUnixNano?: number | null;
  name?: string | null;
  attributes?: PbKeyValue[] | null;
};
export type PbSpan = {
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
  parentSpanId?: Uint8Array | null;
  name?: string | null;
  kind?: number | null;
  startTimeUnixNano?: number | null;
  endTimeUnixNano?: number | null;
  attributes?: PbKeyValue[] | null;
  events?: PbEvent[] | null;
  status?: { message?: string | null; code?: number | null } | null;
};
export type PbExportTraceServiceRequest = {
  resourceSpans?: {
    resource?: { attributes?: PbKeyValue[] | null } | null;
    scopeSpans?:
      | { scope?: { name?: string | null; version?: string | null } | null; spans?: PbSpan[] | null }[]
      | null;
  }[];
};

type Encoder<T> = { encode(message: T): { finish(): Uint8Array } };

export declare const opentelemetry: {
  proto: {
    ExportTraceServiceRequest: {
      decode(bytes: Uint8Array): PbExportTraceServiceRequest;
    } & Encoder<PbExportTraceServiceRequest>;
    ExportTraceServiceResponse: Encoder<{
      partialSuccess?: { rejectedSpans?: number; errorMessage?: string };
    }>;
    RpcStatus: Encoder<{ code?: number; message?: string }>;
  };
};
