import { api, type RequestOptions } from "./client";

/** Where a trace or a session lives: the first of the signed-in user's projects holding it. */
export interface Located {
  orgId: string;
  projectId: string;
}

export type LocateQuery = { traceId: string } | { sessionId: string };

/** `GET /api/v1/locate`: answers 404 when none of the user's projects holds it. */
export function locate(query: LocateQuery, options?: RequestOptions): Promise<Located> {
  return api.get<Located>("/api/v1/locate", { ...options, query });
}
