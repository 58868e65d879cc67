import { z } from "@hono/zod-openapi";
import { ERROR_CODES, ERROR_STATUS, type ErrorCode } from "../lib/errors";

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ example: "INVALID_INPUT" }),
      message: z
        .string()
        .openapi({ example: "Invalid body. name: Too small: expected string to have >=1 characters" }),
      requestId: z.string().openapi({ example: "req_01jbz8q4x6v9c2m7k3n5p8r1t0" }),
    }),
  })
  .openapi("Error");

const DESCRIPTIONS: Record<ErrorCode, string> = {
  BAD_REQUEST: "The request could not be read (for example malformed JSON).",
  UNAUTHENTICATED: "No valid credential was sent.",
  FORBIDDEN: "The credential may not do this.",
  NOT_FOUND: "Not found, or not yours.",
  METHOD_NOT_ALLOWED: "The method is not supported here.",
  CONFLICT: "The request conflicts with the current state.",
  PAYLOAD_TOO_LARGE: "The body is larger than the documented cap.",
  UNSUPPORTED_MEDIA_TYPE: "The Content-Type is not one this route accepts.",
  INVALID_INPUT: "The input failed validation; the message names the fields.",
  RATE_LIMITED: "Too many requests; retry after the Retry-After header.",
  INTERNAL: "Something failed on our side; quote the requestId when reporting it.",
  BAD_ENVIRONMENT: "The deployment is misconfigured.",
  SERVICE_UNAVAILABLE:
    "The database is unavailable or did not answer in time (about 5 s for reads, 10 s for writes); retry " +
    "after the Retry-After header. A write that timed out may have been applied: read before retrying it.",
};

/** Error responses to spread into a route's `responses`, one entry per distinct status. */
export function errorResponses(...codes: ErrorCode[]) {
  const out: Record<
    number,
    { description: string; content: { "application/json": { schema: typeof ErrorBodySchema } } }
  > = {};
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    const previous = out[status]?.description;
    out[status] = {
      description: previous ? `${previous} ${DESCRIPTIONS[code]}` : DESCRIPTIONS[code],
      content: { "application/json": { schema: ErrorBodySchema } },
    };
  }
  return out;
}

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true as const,
  content: { "application/json": { schema } },
});

/** A JSON response. */
export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

/** The error answers of a route that reads a JSON body. */
export const BODY_ERRORS = errorResponses(
  "BAD_REQUEST",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "INVALID_INPUT",
);
