import type { Context } from "hono";
import { clientAddress } from "../auth/authenticate";
import {
  type AnyContext,
  type KeyContext,
  type OrgContext,
  type ProjectContext,
  type PublicContext,
  publicRequestContext,
  type UserContext,
} from "../auth/context";
import type { HonoEnv } from "./hono-env";

/**
 * How a route reads its typed request context (auth/context.ts) from Hono. The access middleware
 * sets it for the route's access level; each accessor checks that the route declared the level
 * it asks for, so a route that reads more than its rule grants fails loudly, not quietly.
 */

/** The request's context; routes of every level but `public` have one. */
export function ctxOf(c: Context<HonoEnv>): AnyContext {
  const ctx = c.get("ctx");
  if (!ctx) throw new Error("this route has no access rule, so no request context (use defineRoute)");
  return ctx;
}

/** The context of an `org` route. */
export function orgCtxOf(c: Context<HonoEnv>): OrgContext {
  const ctx = ctxOf(c);
  if (!("org" in ctx)) throw new Error("not an organization route: declare { level: 'org' } in defineRoute");
  return ctx;
}

/** The context of a `user` route: its principal is a user. */
export function userCtxOf(c: Context<HonoEnv>): UserContext {
  const ctx = ctxOf(c);
  const { principal } = ctx;
  if (principal.type !== "user")
    throw new Error("not a user route: declare { level: 'user' } in defineRoute");
  return { ...ctx, principal };
}

/** The context of a `project` or `key` route: its project is never null. */
export function projectCtxOf(c: Context<HonoEnv>): ProjectContext {
  const ctx = ctxOf(c);
  if (!("project" in ctx))
    throw new Error("not a project route: declare { level: 'project' } in defineRoute");
  return ctx;
}

/** The context of a `key` route (OTLP ingest): its principal is the project's API key. */
export function keyCtxOf(c: Context<HonoEnv>): KeyContext {
  const ctx = projectCtxOf(c);
  const { principal } = ctx;
  if (principal.type !== "api_key")
    throw new Error("not a key route: declare { level: 'key' } in defineRoute");
  return { ...ctx, principal };
}

/** The context of a public route; built on demand, since the access middleware builds none for them. */
export function publicContext(c: Context<HonoEnv>): PublicContext {
  return publicRequestContext(c.get("services"), { ip: clientAddress(c), requestId: c.get("requestId") });
}
