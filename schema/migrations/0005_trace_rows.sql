-- Traces get an explicit row number, `id` (AUTOINCREMENT: never reused), equal to their old
-- rowid, so the trace_text rows of migration 0004 still point at their trace. Facet rows point
-- at that number instead of repeating the project and trace ids, and are keyed by it last:
-- a growing number lands new rows at the end of each facet value's range, so an ingest batch
-- dirties a few pages per facet value instead of one page per row. WITHOUT ROWID, because the
-- key is the whole row.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_traces` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` text NOT NULL,
	`org_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`name` text NOT NULL,
	`root_span_id` text,
	`start_us` integer NOT NULL,
	`end_us` integer NOT NULL,
	`duration_ms` real NOT NULL,
	`status` text NOT NULL,
	`span_count` integer NOT NULL,
	`error_count` integer NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`total_tokens` integer NOT NULL,
	`cost_usd` real,
	`session_id` text,
	`user_id` text,
	`input_preview` text,
	`output_preview` text,
	`tags` text DEFAULT '{}' NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`models` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_traces`("id", "project_id", "org_id", "trace_id", "name", "root_span_id", "start_us", "end_us", "duration_ms", "status", "span_count", "error_count", "input_tokens", "output_tokens", "total_tokens", "cost_usd", "session_id", "user_id", "input_preview", "output_preview", "tags", "metadata", "models", "created_at", "updated_at") SELECT rowid, "project_id", "org_id", "trace_id", "name", "root_span_id", "start_us", "end_us", "duration_ms", "status", "span_count", "error_count", "input_tokens", "output_tokens", "total_tokens", "cost_usd", "session_id", "user_id", "input_preview", "output_preview", "tags", "metadata", "models", "created_at", "updated_at" FROM `traces`;--> statement-breakpoint
DROP TABLE `traces`;--> statement-breakpoint
ALTER TABLE `__new_traces` RENAME TO `traces`;--> statement-breakpoint
CREATE UNIQUE INDEX `traces_project_trace_uq` ON `traces` (`project_id`,`trace_id`);--> statement-breakpoint
CREATE INDEX `traces_project_start_idx` ON `traces` (`project_id`,`start_us`);--> statement-breakpoint
CREATE INDEX `traces_project_duration_idx` ON `traces` (`project_id`,`duration_ms`);--> statement-breakpoint
CREATE INDEX `traces_project_tokens_idx` ON `traces` (`project_id`,`total_tokens`);--> statement-breakpoint
CREATE INDEX `traces_project_cost_idx` ON `traces` (`project_id`,`cost_usd`);--> statement-breakpoint
CREATE INDEX `traces_project_status_idx` ON `traces` (`project_id`,`status`,`start_us`);--> statement-breakpoint
CREATE INDEX `traces_project_name_idx` ON `traces` (`project_id`,`name`,`start_us`);--> statement-breakpoint
CREATE INDEX `traces_project_session_idx` ON `traces` (`project_id`,`session_id`,`start_us`);--> statement-breakpoint
CREATE INDEX `traces_project_user_idx` ON `traces` (`project_id`,`user_id`,`start_us`);--> statement-breakpoint
CREATE INDEX `traces_org_idx` ON `traces` (`org_id`);--> statement-breakpoint
CREATE TABLE `__new_trace_facets` (
	`project_id` text NOT NULL,
	`facet` text NOT NULL,
	`value` text NOT NULL,
	`trace_row` integer NOT NULL,
	PRIMARY KEY(`project_id`, `facet`, `value`, `trace_row`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_trace_facets`("project_id", "facet", "value", "trace_row")
SELECT f."project_id", f."facet", f."value", t."id" FROM `trace_facets` f
JOIN `traces` t ON t."project_id" = f."project_id" AND t."trace_id" = f."trace_id";--> statement-breakpoint
DROP TABLE `trace_facets`;--> statement-breakpoint
ALTER TABLE `__new_trace_facets` RENAME TO `trace_facets`;--> statement-breakpoint
CREATE INDEX `trace_facets_row_idx` ON `trace_facets` (`trace_row`);--> statement-breakpoint
PRAGMA foreign_keys=ON;
