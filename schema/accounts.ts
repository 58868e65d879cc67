import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, epochMs, idColumn } from "./columns";

export const ROLES = ["owner", "admin", "member", "annotator", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable(
  "users",
  {
    id: idColumn(),
    /** Stored lower-cased; unique across the service. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`: the scheme travels with the hash. */
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at").notNull(),
    lastLoginAt: epochMs("last_login_at"),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email)],
);

export const orgs = sqliteTable("orgs", {
  id: idColumn(),
  name: text("name").notNull(),
  /** Judge calls the organization may have in flight at once (workers/judges/gate.ts). */
  judgeConcurrency: integer("judge_concurrency").notNull().default(20),
  /** Monthly (UTC) judge spend limit in USD; null for none. */
  judgeBudgetUsd: real("judge_budget_usd"),
  /** What a judge model without a price counts at, USD per million tokens (never free). */
  judgeUnpricedPerMillion: real("judge_unpriced_per_million").notNull().default(10),
  createdAt: createdAt(),
  updatedAt: epochMs("updated_at").notNull(),
});

export const memberships = sqliteTable(
  "memberships",
  {
    id: idColumn(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("memberships_org_user_uq").on(t.orgId, t.userId),
    index("memberships_user_idx").on(t.userId),
  ],
);

export const projects = sqliteTable(
  "projects",
  {
    id: idColumn(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Traces older than this many days are deleted by the retention cron. */
    retentionDays: integer("retention_days").notNull().default(30),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at").notNull(),
    /**
     * Set when the project is deleted: it is gone from every API at once, while a queued job
     * purges its data on the organization's side and then removes this row.
     */
    deletedAt: epochMs("deleted_at"),
  },
  // A deleted project's name is free again at once.
  (t) => [uniqueIndex("projects_org_name_uq").on(t.orgId, t.name).where(sql`deleted_at is null`)],
);

/** Dashboard sessions; the JWT in the cookie names one by id, so sessions can be revoked. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: idColumn(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: epochMs("expires_at").notNull(),
    revokedAt: epochMs("revoked_at"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: idColumn(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    /** Optional: when set, only this address may accept. */
    email: text("email"),
    role: text("role", { enum: ROLES }).notNull(),
    /** SHA-256 of the secret in the invite link; the secret itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: epochMs("expires_at").notNull(),
    acceptedAt: epochMs("accepted_at"),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: epochMs("revoked_at"),
  },
  (t) => [
    uniqueIndex("invitations_token_uq").on(t.tokenHash),
    index("invitations_org_idx").on(t.orgId, t.createdAt),
  ],
);

/** Admin-issued password reset links (no email service needed). */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: idColumn(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: epochMs("expires_at").notNull(),
    usedAt: epochMs("used_at"),
  },
  (t) => [uniqueIndex("password_resets_token_uq").on(t.tokenHash)],
);

/**
 * Failed-login counters per key (`email:<address>` or `ip:<address>`) in a fixed window;
 * Workers keep no memory between requests, so throttling state lives here.
 */
export const loginThrottle = sqliteTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStartedAt: epochMs("window_started_at").notNull(),
  blockedUntil: epochMs("blocked_until"),
});
