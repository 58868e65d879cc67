import type { z } from "zod";

/** The closed list of error codes the API answers with, and the status each one maps to. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_INPUT: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BAD_ENVIRONMENT: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export type ErrorBody = { error: { code: ErrorCode; message: string; requestId: string } };

/** The one error type of the API: domain code throws it, `onError` turns it into the error body. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: (typeof ERROR_STATUS)[ErrorCode];
  /** Extra response headers, e.g. Retry-After on 429/503. */
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: { headers?: Record<string, string> } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.headers = options.headers ?? {};
  }

  static notFound(what: string): ApiError {
    return new ApiError("NOT_FOUND", `${what} was not found.`);
  }

  /** Turns zod issues into one readable sentence naming each offending field. */
  static fromZod(error: z.ZodError, where: string): ApiError {
    const parts = error.issues.slice(0, 5).map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join(".") : where;
      return `${path}: ${issue.message}`;
    });
    const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : "";
    return new ApiError("INVALID_INPUT", `Invalid ${where}. ${parts.join("; ")}${more}`);
  }
}

export function errorBody(code: ErrorCode, message: string, requestId: string): ErrorBody {
  return { error: { code, message, requestId } };
}
