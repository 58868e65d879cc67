/**
 * The tables of an organization's data: its side of the seam (docs/architecture.md), reached
 * through `ctx.db` / `services.orgDb(orgId)`, possibly in a database of its own. Every other table
 * is the control plane's (`services.db`). No query joins the two sides and no foreign key crosses.
 * A capability adding a table of organization data adds it here; the worker suite runs with the
 * two sides in two databases and its teardown checks each side holds only its own rows.
 */
export const ORG_DATA_TABLES = [
  "traces",
  "spans",
  "trace_facets",
  "trace_sessions",
  "rollups",
  "trace_text",
  "data_audit_log",
  "revoked_keys",
  "pending_span_messages",
  "assessments",
  "score_rollups",
  "score_rollups_5m",
  "scorers",
  "scorer_versions",
  "score_jobs",
  "score_job_items",
  "datasets",
  "dataset_versions",
  "dataset_records",
  "dataset_imports",
  "dataset_import_chunks",
  "dataset_import_errors",
  "eval_runs",
  "eval_rows",
  "eval_items",
  "prompts",
  "prompt_versions",
  "prompt_aliases",
  "prompt_alias_moves",
  "trace_prompts",
  "monitors",
  "monitor_pending",
  "monitor_results",
  "monitor_backfills",
  "alert_rules",
  "alert_events",
  "webhooks",
  "webhook_deliveries",
  "webhook_attempts",
] as const;

/** Bookkeeping every database has: migrations applied and one-off data repairs run. */
export const BOOKKEEPING_TABLES = ["__drizzle_migrations", "data_repairs"] as const;
