import { type SQL, sql } from "drizzle-orm";
import { auditLog, dataAuditLog } from "../../schema";
import type { projects, Role } from "../../schema/accounts";
import { DB_TIMEOUT_MS, type Db } from "../lib/db";
import { createServices, type Services } from "../lib/services";
import { type Actor, type ApiKeyPrincipal, actorOf, type Principal, type UserPrincipal } from "./principal";

export type Project = typeof projects.$inferSelect;

/**
 * What a domain verb acts with, built once per request by the access middleware (auth/access.ts)
 * for the route's access level. Verbs take `{ ctx, input }` and never a bare org or project id.
 * This module builds and types contexts; routes read theirs from Hono through http/context.ts.
 *
 * Two database handles keep the planned seam visible (DESIGN: a database per organization):
 * `control` for the control plane (users, organizations, memberships, projects, API keys, …) and
 * `db` for the organization's own data (traces, spans, rollups, search text, …). Today both are
 * the one database; no query may join across them.
 */
export type RequestContext = {
  services: Services;
  /** The control plane. Organization data needs an organization's context (`db`). */
  control: Db;
  principal: Principal;
  actor: Actor;
  ip: string | null;
  requestId: string;
};
export type OrgContext = RequestContext & {
  org: { id: string };
  role: Role | null;
  /** The organization's data, wherever it lives (`services.orgDb`). */
  db: Db;
};
export type ProjectContext = OrgContext & { project: Project };
/**
 * What work in an organization acts with when no request is behind it (a queue job acting for the
 * person who started it): an organization's context without a principal or role, so nothing done
 * with it can pass an authorization check. Verbs that authorize nothing themselves take this, and
 * every request context is one.
 */
export type OrgScope = Omit<OrgContext, "principal" | "role">;
export type ProjectScope = OrgScope & { project: Project };
export type AnyContext = RequestContext | OrgContext | ProjectContext;
/** The context of a `user` route: a person signed in to the dashboard, never an API key. */
export type UserContext = RequestContext & { principal: UserPrincipal };
/** The context of a `key` route (OTLP ingest): a project context acting as one of its API keys. */
export type KeyContext = ProjectContext & { principal: ApiKeyPrincipal };

/**
 * What a public route (signup, login, an invitation's preview, reset by link, health,
 * diagnostics) acts with: no principal, and an anonymous actor named by the client's address.
 * It reaches the control plane only; organization data needs an organization's context.
 */
export type PublicContext = Pick<RequestContext, "services" | "control" | "actor" | "ip" | "requestId">;

/** What an audit row needs: who acted, from where, in which organization (and project). */
export type AuditContext = PublicContext & { org: { id: string }; project?: Project };

export function requestContext(
  services: Services,
  principal: Principal,
  meta: { ip: string | null; requestId: string },
): RequestContext {
  return {
    services,
    control: services.db,
    principal,
    actor: actorOf(principal),
    ...meta,
  };
}

export function userContext(base: RequestContext, principal: UserPrincipal): UserContext {
  return { ...base, principal };
}

export function orgContext(base: RequestContext, orgId: string, role: Role | null): OrgContext {
  return { ...base, db: base.services.orgDb(orgId), org: { id: orgId }, role };
}

export function projectContext(base: RequestContext, project: Project, role: Role | null): ProjectContext {
  return { ...orgContext(base, project.orgId, role), project };
}

/** The context of a public request (signup, login, health …): no principal, an anonymous actor. */
export function publicRequestContext(
  services: Services,
  meta: { ip: string | null; requestId: string },
): PublicContext {
  return {
    services,
    control: services.db,
    actor: { type: "anonymous", id: null, label: meta.ip ?? "unknown address" },
    ...meta,
  };
}

/**
 * A public request acting in an organization, for the audit rows of flows without a principal:
 * `actor` is whom the row names (the user just signed up, the owner of a reset link), else anonymous.
 */
export function publicOrgContext(ctx: PublicContext, orgId: string, actor: Actor = ctx.actor): AuditContext {
  return { ...ctx, actor, org: { id: orgId } };
}

/** What an audit entry is about. */
type AuditTarget = { type: string; id?: string | null; label?: string | null };

/** The audit entry of a change, as the row both sides' audit tables store. */
function auditRow(ctx: AuditContext, action: string, target: AuditTarget, details?: Record<string, unknown>) {
  return {
    id: ctx.services.ids("audit"),
    orgId: ctx.org.id,
    projectId: ctx.project?.id ?? null,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    actorLabel: ctx.actor.label,
    action,
    targetType: target.type,
    targetId: target.id ?? null,
    targetLabel: target.label ?? null,
    metadata: details ?? {},
    ip: ctx.ip,
    createdAt: ctx.services.clock.now(),
  };
}

/**
 * The audit row of a change to the control plane (accounts, members, projects, keys …), as a
 * statement for the same batch as the change, so both commit together or not at all. `details`
 * lands in the entry's metadata.
 */
export function audit(
  ctx: AuditContext,
  action: string,
  target: AuditTarget,
  details?: Record<string, unknown>,
) {
  return ctx.control.insert(auditLog).values(auditRow(ctx, action, target, details));
}

/**
 * The audit row of a change to the organization's data (traces, tags …), on the same side of the
 * seam as the change (`ctx.db`), for the same batch.
 */
export function auditData(
  ctx: OrgContext,
  action: string,
  target: AuditTarget,
  details?: Record<string, unknown>,
) {
  return ctx.db.insert(dataAuditLog).values(auditRow(ctx, action, target, details));
}

/**
 * The audit row of a change to the organization's data that the same batch decides on: written
 * only if `condition` holds when the batch reaches it (a webhook its failures turned off — only
 * the delivery whose failure crossed the line writes the entry, however many run at once).
 */
export function auditDataWhen(
  ctx: AuditContext & { db: Db },
  condition: SQL,
  action: string,
  target: AuditTarget,
  details?: Record<string, unknown>,
) {
  const r = auditRow(ctx, action, target, details);
  return ctx.db.run(sql`insert into ${dataAuditLog} (id, org_id, project_id, actor_type, actor_id, actor_label,
    action, target_type, target_id, target_label, metadata, ip, created_at)
    select ${r.id}, ${r.orgId}, ${r.projectId}, ${r.actorType}, ${r.actorId}, ${r.actorLabel}, ${r.action},
      ${r.targetType}, ${r.targetId}, ${r.targetLabel}, ${JSON.stringify(r.metadata)}, ${r.ip}, ${r.createdAt}
    where ${condition}`);
}

/** Who did something, as rows that keep their author name it: `user:<id>`, `api_key:<id>`. */
export function actorRef(ctx: Pick<RequestContext, "actor">): string {
  return `${ctx.actor.type}:${ctx.actor.id ?? "anonymous"}`;
}

/** Reads an `actorRef` back (`user:<id>`, `api_key:<id>`), with the label stored beside it. */
export function actorFromRef(ref: string, label: string): Actor {
  const [type, id] = ref.split(":", 2);
  return type === "user" || type === "api_key"
    ? { type, id: id ?? null, label }
    : { type: "anonymous", id: null, label };
}

/** A queue job's scope in one of the organization's projects, acting for `actor` (who started the work). */
export function jobProjectScope(
  job: { services: Services; control: Db; db: Db; org: { id: string }; jobId: string },
  project: Project,
  actor: Actor,
): ProjectScope {
  return {
    services: job.services,
    control: job.control,
    db: job.db,
    org: job.org,
    project,
    actor,
    ip: null,
    requestId: job.jobId,
  };
}

/**
 * The context a response stream reads with: the same, but each of its database round trips gets
 * a read's own bound instead of the request's deadline, which a long stream (an export) outlives.
 */
export function streamingScope<C extends OrgScope>(ctx: C): C {
  const streaming = createServices(ctx.services.env, { dbWait: { timeoutMs: DB_TIMEOUT_MS.read } });
  return { ...ctx, db: streaming.orgDb(ctx.org.id) };
}
