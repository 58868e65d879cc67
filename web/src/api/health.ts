import { api, type RequestOptions } from "./client";
import { ApiError } from "./errors";

export type HealthStatus = "ok" | "degraded";

export interface DatabaseHealth {
  reachable: boolean;
  latencyMs: number | null;
  error?: string;
}

export interface MigrationsHealth {
  current: boolean;
  applied: number;
  expected: number;
  pending: string[];
}

/** `GET /api/health`: 200 when ok, 503 with the same body when degraded. */
export interface Health {
  status: HealthStatus;
  version: string;
  /** ISO 8601 server time. */
  time: string;
  database: DatabaseHealth;
  migrations: MigrationsHealth;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Shape check for the health body, used to accept the 503 "degraded" answer as data. */
export function isHealth(value: unknown): value is Health {
  if (!isRecord(value)) return false;
  const { status, version, database, migrations } = value;
  return (
    (status === "ok" || status === "degraded") &&
    typeof version === "string" &&
    isRecord(database) &&
    typeof database.reachable === "boolean" &&
    isRecord(migrations) &&
    typeof migrations.current === "boolean" &&
    Array.isArray(migrations.pending)
  );
}

export async function getHealth(options?: RequestOptions): Promise<Health> {
  try {
    const health = await api.get<unknown>("/api/health", options);
    if (!isHealth(health)) {
      throw new ApiError({
        status: 200,
        code: "invalid_response",
        message: "The health endpoint answered with an unexpected body.",
        body: health,
      });
    }
    return health;
  } catch (error) {
    // A degraded service answers 503 with a normal health body: that is data, not a failure.
    if (error instanceof ApiError && error.status === 503 && isHealth(error.body)) return error.body;
    // A 404 or an HTML page here means the request never reached the Sightline API.
    if (error instanceof ApiError && (error.status === 404 || error.code === "invalid_response")) {
      throw new ApiError({
        status: error.status,
        code: error.code,
        message: "The health endpoint didn't answer. Is the Sightline API running and serving /api?",
        requestId: error.requestId,
        body: error.body,
        cause: error,
      });
    }
    throw error;
  }
}
