import { OpenAPIHono, z } from "@hono/zod-openapi";
import { INVALID_KEY_MESSAGE } from "../auth/authenticate";
import { ingestKeys } from "../auth/key-cache";
import { keyCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { errorResponses, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { ApiError } from "../lib/errors";
import { MAX_OTLP_BODY_BYTES, MAX_OTLP_DECOMPRESSED_BYTES } from "./body";
import { ingestOtlpLogs } from "./logs";
import { answerOtlp } from "./otlp-http";
import { LANGFUSE_OTLP_PREFIX } from "./paths";
import { ingestOtlpExport } from "./service";

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

const LogsResponse = z
  .object({
    partialSuccess: z.object({ rejectedLogRecords: z.string(), errorMessage: z.string() }).optional(),
  })
  .openapi("ExportLogsServiceResponse");

const exportLogs = defineRoute(
  { level: "key", permission: "traces:ingest" },
  {
    method: "post",
    path: "/v1/logs",
    tags: ["Ingest"],
    summary: "OTLP/HTTP log export (GenAI events)",
    description:
      "An OpenTelemetry ExportLogsServiceRequest, encoded, authenticated and capped as `/v1/traces`. GenAI event " +
      "records (`gen_ai.system.message`, `gen_ai.user.message`, `gen_ai.assistant.message`, `gen_ai.tool.message`, " +
      "`gen_ai.choice`, `gen_ai.client.inference.operation.details`) become their span's inputs and outputs, whether " +
      "the span arrives before or after them. Other records, and records without a span context, are dropped and " +
      "counted in the partial-success answer.",
    responses: {
      200: jsonResponse("Accepted (records dropped are counted).", LogsResponse),
      ...errorResponses("BAD_REQUEST", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "SERVICE_UNAVAILABLE"),
    },
  },
);

export const ingestRoutes = new OpenAPIHono<HonoEnv>();

const storeTraces = (c: Parameters<typeof keyCtxOf>[0]) =>
  answerOtlp(c, "traces", (input) =>
    ingestOtlpExport({
      ctx: keyCtxOf(c),
      input: { ...input, waitUntil: (work) => c.executionCtx.waitUntil(work) },
    }),
  );

// zod-openapi types only JSON and text answers; OTLP answers protobuf clients in protobuf and
// errors in the request's own encoding, so the handlers return a plain Response (`as never`).
ingestRoutes.openapi(
  exportTracesAt("/v1/traces", "OTLP/HTTP trace export"),
  async (c) => (await storeTraces(c)) as never,
);
ingestRoutes.openapi(
  exportTracesAt(
    `${LANGFUSE_OTLP_PREFIX}traces`,
    "OTLP trace export, as Langfuse's exporter sends it",
    " A drop-in for Langfuse's SDK: point its base URL at Sightline and send a Sightline API key as the Basic-auth password (the user name is ignored).",
  ),
  async (c) => (await storeTraces(c)) as never,
);
ingestRoutes.openapi(
  exportLogs,
  async (c) =>
    (await answerOtlp(c, "logs", async (input) => {
      const ctx = keyCtxOf(c);
      const result = await ingestOtlpLogs({ ctx, input });
      if (!result.keyValid) {
        ingestKeys.forget(ctx.principal.keyId);
        throw new ApiError("UNAUTHENTICATED", INVALID_KEY_MESSAGE);
      }
      return { rejected: result.dropped, message: result.message };
    })) as never,
);
