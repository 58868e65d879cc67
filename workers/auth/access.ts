import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { projects } from "../../schema";
import type { Role } from "../../schema/accounts";
import type { HonoEnv } from "../http/hono-env";
import { findFirst } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";
import { clientAddress } from "./authenticate";
import { orgContext, projectContext, requestContext, userContext } from "./context";
import {
  type OrgPermission,
  type Permission,
  type ProjectPermission,
  roleAllows,
  scopesAllow,
} from "./permissions";
import type { Principal, UserPrincipal } from "./principal";

/** How a route is protected; also written into the OpenAPI document as `x-sightline-access`. */
export type AccessRule =
  | { level: "public" }
  | { level: "authenticated" }
  | { level: "user" }
  | { level: "org"; permission: OrgPermission }
  | { level: "project"; permission: ProjectPermission }
  /** API keys only, acting in the key's own project (OTLP ingest). */
  | { level: "key"; permission: ProjectPermission };

export function requirePrincipal(c: Context<HonoEnv>): Principal {
  const principal = c.get("principal");
  if (!principal) {
    throw new ApiError(
      "UNAUTHENTICATED",
      "Log in to the dashboard, or send an API key as `Authorization: Bearer <key>`.",
    );
  }
  return principal;
}

export function requireUser(principal: Principal): UserPrincipal {
  if (principal.type !== "user") {
    throw new ApiError("FORBIDDEN", "API keys act inside one project; this needs a dashboard login.");
  }
  return principal;
}

/** Whether `principal` holds `permission` in `orgId`; the one place the matrix is consulted. */
export function can(principal: Principal, orgId: string, permission: Permission): boolean {
  if (principal.type === "api_key")
    return principal.orgId === orgId && scopesAllow(principal.scopes, permission);
  const role = principal.memberships.find((m) => m.orgId === orgId)?.role;
  return role !== undefined && roleAllows(role, permission);
}

export function authorize(principal: Principal, orgId: string, permission: Permission): void {
  if (!can(principal, orgId, permission)) {
    const who = principal.type === "api_key" ? "This API key's scopes do not" : "Your role does not";
    throw new ApiError("FORBIDDEN", `${who} allow this (needs ${permission}).`);
  }
}

export function roleIn(principal: Principal, orgId: string): Role | null {
  return principal.type === "user"
    ? (principal.memberships.find((m) => m.orgId === orgId)?.role ?? null)
    : null;
}

/** The organizations a caller can see; anything else is answered 404. */
export function visibleOrgIds(principal: Principal): string[] {
  return principal.type === "user" ? principal.memberships.map((m) => m.orgId) : [principal.orgId];
}

/** The project if the caller can see it, else NotFound (also for other tenants' projects). */
export async function findVisibleProject(services: Services, principal: Principal, projectId: string) {
  if (principal.type === "api_key") {
    if (principal.projectId !== projectId) throw ApiError.notFound("Project");
    return principal.project;
  }
  const orgIds = visibleOrgIds(principal);
  const project = await findFirst(
    services.db,
    projects,
    and(eq(projects.id, projectId), inArray(projects.orgId, orgIds), isNull(projects.deletedAt)),
  );
  if (!project) throw ApiError.notFound("Project");
  return project;
}

export function assertVisibleOrg(principal: Principal, orgId: string): void {
  if (!visibleOrgIds(principal).includes(orgId)) throw ApiError.notFound("Organization");
}

/**
 * Route middleware for an access rule: 401 without a credential, 404 for a tenant the caller
 * cannot see, 403 for a permission it lacks. Runs before body validation, so refused requests
 * never reach a domain verb.
 */
export function access(rule: AccessRule): MiddlewareHandler<HonoEnv> {
  return async function accessMiddleware(c, next) {
    if (rule.level === "public") return next();
    const principal = requirePrincipal(c);
    const request = requestContext(c.get("services"), principal, {
      ip: clientAddress(c),
      requestId: c.get("requestId"),
    });
    if (rule.level === "authenticated") {
      c.set("ctx", request);
    } else if (rule.level === "user") {
      c.set("ctx", userContext(request, requireUser(principal)));
    } else if (rule.level === "org") {
      const orgId = c.req.param("orgId") ?? "";
      assertVisibleOrg(principal, orgId);
      authorize(principal, orgId, rule.permission);
      c.set("ctx", orgContext(request, orgId, roleIn(principal, orgId)));
    } else if (rule.level === "key") {
      if (principal.type !== "api_key") {
        throw new ApiError(
          "FORBIDDEN",
          "This endpoint takes a project API key (Authorization: Bearer sl_…), not a dashboard login.",
        );
      }
      const project = await findVisibleProject(c.get("services"), principal, principal.projectId);
      authorize(principal, project.orgId, rule.permission);
      c.set("ctx", projectContext(request, project, null));
    } else {
      const project = await findVisibleProject(c.get("services"), principal, c.req.param("projectId") ?? "");
      authorize(principal, project.orgId, rule.permission);
      c.set("ctx", projectContext(request, project, roleIn(principal, project.orgId)));
    }
    return next();
  };
}
