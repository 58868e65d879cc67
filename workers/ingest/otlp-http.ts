import type { Context } from "hono";
import { toApiError } from "../http/errors";
import type { HonoEnv } from "../http/hono-env";
import { ApiError, errorBody } from "../lib/errors";
import { readOtlpBody } from "./body";
import { encodeLogsResponse } from "./otlp/decode-logs";
import { encodeExportResponse, encodeRpcStatus } from "./otlp/decode-protobuf";
import type { OtlpEncoding } from "./service";

const PROTOBUF = "application/x-protobuf";

function encodingOf(contentType: string | undefined): OtlpEncoding | null {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === PROTOBUF || type === "application/protobuf") return "protobuf";
  return null;
}

// google.rpc.Code for the statuses OTLP clients act on.
const RPC_CODES: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  413: 8,
  415: 3,
  429: 8,
  500: 13,
  503: 14,
};

/** Errors in the request's own encoding: protobuf clients get a google.rpc.Status. */
function otlpError(c: Context<HonoEnv>, err: unknown, encoding: OtlpEncoding | null): Response {
  const apiError = toApiError(err);
  if (apiError.status >= 500 && apiError.code !== "SERVICE_UNAVAILABLE")
    console.error("OTLP ingest failed", err);
  const headers = new Headers(apiError.headers);
  headers.set("X-Request-Id", c.get("requestId"));
  if (encoding === "protobuf") {
    headers.set("Content-Type", PROTOBUF);
    return new Response(encodeRpcStatus(RPC_CODES[apiError.status] ?? 2, apiError.message), {
      status: apiError.status,
      headers,
    });
  }
  headers.set("Content-Type", "application/json");
  return new Response(JSON.stringify(errorBody(apiError.code, apiError.message, c.get("requestId"))), {
    status: apiError.status,
    headers,
  });
}

/** What a stored export reports back: how many items it refused or dropped, and why. */
export type ExportOutcome = { rejected: number; message: string | null; storeMs?: number };

const ANSWERS = {
  traces: { field: "rejectedSpans", protobuf: encodeExportResponse },
  logs: { field: "rejectedLogRecords", protobuf: encodeLogsResponse },
} as const;

/**
 * The HTTP side of an OTLP export (traces or logs): the content type picks the encoding, the body
 * is read within its caps, `store` does the work, and the answer (partial success included) and
 * any error come back in the request's own encoding: protobuf clients get protobuf.
 */
export async function answerOtlp(
  c: Context<HonoEnv>,
  signal: keyof typeof ANSWERS,
  store: (input: { bytes: Uint8Array; encoding: OtlpEncoding }) => Promise<ExportOutcome>,
): Promise<Response> {
  const encoding = encodingOf(c.req.header("content-type"));
  try {
    if (!encoding) {
      throw new ApiError(
        "UNSUPPORTED_MEDIA_TYPE",
        "Send OTLP as application/json or application/x-protobuf.",
      );
    }
    const bytes = await readOtlpBody(c.req.raw);
    const result = await store({ bytes, encoding });
    // Wall time of the database batch (Workers clocks only move across I/O).
    if (result.storeMs !== undefined) c.header("Server-Timing", `store;dur=${result.storeMs}`);
    const answer = ANSWERS[signal];
    if (encoding === "protobuf") {
      return c.body(answer.protobuf(result.rejected, result.message), 200, { "Content-Type": PROTOBUF });
    }
    // With nothing rejected, a message is a warning (OTLP: partial success with 0 rejected).
    const partial =
      result.rejected > 0 || result.message
        ? { partialSuccess: { [answer.field]: String(result.rejected), errorMessage: result.message ?? "" } }
        : {};
    return c.json(partial, 200);
  } catch (err) {
    return otlpError(c, err, encoding);
  }
}
