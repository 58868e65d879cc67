import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { keyCtxOf } from "../http/context";
import { toApiError } from "../http/errors";
import type { HonoEnv } from "../http/hono-env";
import { errorResponses, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { ApiError, errorBody } from "../lib/errors";
import { MAX_OTLP_BODY_BYTES, MAX_OTLP_DECOMPRESSED_BYTES, readOtlpBody } from "./body";
import { encodeExportResponse, encodeRpcStatus } from "./otlp/decode-protobuf";
import { LANGFUSE_OTLP_PREFIX } from "./paths";
import { ingestOtlpExport, type OtlpEncoding } from "./service";

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

const ExportResponse = z
  .object({
    partialSuccess: z.object({ rejectedSpans: z.string(), errorMessage: z.string() }).optional(),
  })
  .openapi("ExportTraceServiceResponse");

const DESCRIPTION =
  "An OpenTelemetry ExportTraceServiceRequest as `application/json` or `application/x-protobuf`, optionally " +
  `\`Content-Encoding: gzip\`. Authenticated by an API key with the \`ingest\` scope; the key decides the project. ` +
  `Bodies are capped at ${MAX_OTLP_BODY_BYTES} bytes as sent and ${MAX_OTLP_DECOMPRESSED_BYTES} after decompression. ` +
  "Answers in the request's content type; invalid spans are reported as partial success. 400 is never worth retrying; " +
  "429 and 503 carry Retry-After.";

/** The trace export route at `path` (OTLP's own, or a drop-in for another tool's exporter). */
function exportTracesAt(path: string, summary: string, extra = "") {
  return defineRoute(
    { level: "key", permission: "traces:ingest" },
    {
      method: "post",
      path,
      tags: ["Ingest"],
      summary,
      description: DESCRIPTION + extra,
      responses: {
        200: jsonResponse("Accepted (possibly partially).", ExportResponse),
        ...errorResponses(
          "BAD_REQUEST",
          "PAYLOAD_TOO_LARGE",
          "UNSUPPORTED_MEDIA_TYPE",
          "SERVICE_UNAVAILABLE",
        ),
      },
    },
  );
}

/** Reads, stores and answers one trace export, in the request's encoding. */
async function exportTraces(c: Context<HonoEnv>): Promise<Response> {
  const encoding = encodingOf(c.req.header("content-type"));
  try {
    if (!encoding) {
      throw new ApiError(
        "UNSUPPORTED_MEDIA_TYPE",
        "Send OTLP as application/json or application/x-protobuf.",
      );
    }
    const bytes = await readOtlpBody(c.req.raw);
    const result = await ingestOtlpExport({ ctx: keyCtxOf(c), input: { bytes, encoding } });
    // Wall time of the database batch (Workers clocks only move across I/O).
    c.header("Server-Timing", `store;dur=${result.storeMs}`);
    if (encoding === "protobuf") {
      return c.body(encodeExportResponse(result.rejected, result.message), 200, { "Content-Type": PROTOBUF });
    }
    const partial =
      result.rejected > 0
        ? { partialSuccess: { rejectedSpans: String(result.rejected), errorMessage: result.message ?? "" } }
        : {};
    return c.json(partial, 200);
  } catch (err) {
    return otlpError(c, err, encoding);
  }
}

export const ingestRoutes = new OpenAPIHono<HonoEnv>();

// zod-openapi types only JSON and text answers; OTLP answers protobuf clients in protobuf and
// errors in the request's own encoding, so the handler returns a plain Response (`as never`).
ingestRoutes.openapi(
  exportTracesAt("/v1/traces", "OTLP/HTTP trace export"),
  async (c) => (await exportTraces(c)) as never,
);
ingestRoutes.openapi(
  exportTracesAt(
    `${LANGFUSE_OTLP_PREFIX}traces`,
    "OTLP trace export, as Langfuse's exporter sends it",
    " A drop-in for Langfuse's SDK: point its base URL at Sightline and send a Sightline API key as the Basic-auth password (the user name is ignored).",
  ),
  async (c) => (await exportTraces(c)) as never,
);
