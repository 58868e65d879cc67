import { z } from "@hono/zod-openapi";

/**
 * Request parameters shared by many routes, defined once so that every route reads and documents
 * them alike.
 */

/** The `{orgId}` path parameter. */
export const OrgParams = z.object({
  orgId: z.string().openapi({ example: "org_01jbz8q4x6v9c2m7k3n5p8r1t0" }),
});

/** The `{projectId}` path parameter. */
export const ProjectParams = z.object({
  projectId: z.string().openapi({ example: "prj_01jbz8q4x6v9c2m7k3n5p8r1t0" }),
});

/**
 * A time in a query (`from`, `to`): ISO 8601 with a zone or offset, read as ms since the epoch.
 * Documented as the string it is on the wire, not as the number it becomes.
 */
export const IsoTimeMs = z.iso
  .datetime({ offset: true })
  .transform((v) => Date.parse(v))
  .openapi({ type: "string", format: "date-time", example: "2026-03-01T00:00:00Z" });
