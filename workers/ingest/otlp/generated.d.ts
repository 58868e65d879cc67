// Types for the parts of generated.js (protobufjs static code) that ingest uses. 64-bit
// integers decode to protobufjs's Long when the `long` package is present (it is a dependency
// of protobufjs, so always here), else to numbers; Long prints its exact decimal value.
import type { Int64 } from "./model";

export type PbAnyValue = {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: Int64 | null;
  doubleValue?: number | null;
  arrayValue?: { values?: PbAnyValue[] | null } | null;
  kvlistValue?: { values?: PbKeyValue[] | null } | null;
  bytesValue?: Uint8Array | null;
  value?: string;
};
export type PbKeyValue = { key?: string | null; value?: PbAnyValue | null };
export type PbEvent = {
  timeUnixNano?: Int64 | null;
  name?: string | null;
  attributes?: PbKeyValue[] | null;
};
export type PbSpan = {
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
  parentSpanId?: Uint8Array | null;
  name?: string | null;
  kind?: number | null;
  startTimeUnixNano?: Int64 | null;
  endTimeUnixNano?: Int64 | null;
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

export type PbLogRecord = {
  timeUnixNano?: Int64 | null;
  observedTimeUnixNano?: Int64 | null;
  severityNumber?: number | null;
  severityText?: string | null;
  body?: PbAnyValue | null;
  attributes?: PbKeyValue[] | null;
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
  eventName?: string | null;
};
export type PbExportLogsServiceRequest = {
  resourceLogs?: {
    resource?: { attributes?: PbKeyValue[] | null } | null;
    scopeLogs?: { logRecords?: PbLogRecord[] | null }[] | null;
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
    ExportLogsServiceRequest: {
      decode(bytes: Uint8Array): PbExportLogsServiceRequest;
    } & Encoder<PbExportLogsServiceRequest>;
    ExportLogsServiceResponse: Encoder<{
      partialSuccess?: { rejectedLogRecords?: number; errorMessage?: string };
    }>;
  };
};
