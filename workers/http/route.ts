import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { type AccessRule, access } from "../auth/access";
import type { ErrorCode } from "../lib/errors";
import { errorResponses } from "./openapi";

const ACCESS_ERRORS: Record<AccessRule["level"], ErrorCode[]> = {
  public: [],
  authenticated: ["UNAUTHENTICATED"],
  user: ["UNAUTHENTICATED", "FORBIDDEN"],
  org: ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"],
  project: ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"],
  key: ["UNAUTHENTICATED", "FORBIDDEN"],
};

/**
 * Every API route is declared through this: it puts the access check in front of validation,
 * documents the security scheme and error answers, and records the rule as
 * `x-sightline-access` so the shared security tests can exercise every route.
 */
export function defineRoute<const R extends RouteConfig>(rule: AccessRule, config: R) {
  const protectedConfig = {
    ...config,
    middleware: [access(rule)],
    security:
      rule.level === "public"
        ? []
        : rule.level === "user"
          ? [{ session: [] }]
          : [{ apiKey: [] }, { session: [] }],
    "x-sightline-access": rule,
    // Any route may find the database unavailable or too slow (lib/db.ts: DB_TIMEOUT_MS).
    responses: {
      ...errorResponses(...ACCESS_ERRORS[rule.level], "SERVICE_UNAVAILABLE"),
      ...config.responses,
    },
  };
  // Typed as the caller's config so request/response inference is kept; the additions above
  // only change behaviour (middleware) and the generated document.
  return createRoute(protectedConfig as R);
}
