import type { z } from "zod";

import { ERROR_STATUS, type ErrorCode } from "./error-codes";

export { ERROR_CODES, ERROR_STATUS, type ErrorCode, isErrorCode } from "./error-codes";

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
