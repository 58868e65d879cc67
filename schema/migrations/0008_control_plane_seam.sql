-- The seam between the control plane and each organization's data (DESIGN.md, scale-out):
-- the organization's tables lose their foreign keys to orgs and projects, since the two sides may
-- live in different databases. Tables are rebuilt as SQLite requires; trace_facets and
-- trace_sessions stay WITHOUT ROWID (0005, 0006) and traces keep their row numbers (search text
-- and facets point at them). Projects gain deleted_at (a deleted project is gone from every API
-- at once, its data purged by a queued job), and a deleted project's name is free again.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_rollups` (
	`project_id` text NOT NULL,
	`hour` integer NOT NULL,
	`model` text NOT NULL,
	`traces` integer DEFAULT 0 NOT NULL,
	`error_traces` integer DEFAULT 0 NOT NULL,
	`latency_sum_ms` real DEFAULT 0 NOT NULL,
	`calls` integer DEFAULT 0 NOT NULL,
	`error_calls` integer DEFAULT 0 NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`b00` integer DEFAULT 0 NOT NULL,
	`b01` integer DEFAULT 0 NOT NULL,
	`b02` integer DEFAULT 0 NOT NULL,
	`b03` integer DEFAULT 0 NOT NULL,
	`b04` integer DEFAULT 0 NOT NULL,
	`b05` integer DEFAULT 0 NOT NULL,
	`b06` integer DEFAULT 0 NOT NULL,
	`b07` integer DEFAULT 0 NOT NULL,
	`b08` integer DEFAULT 0 NOT NULL,
	`b09` integer DEFAULT 0 NOT NULL,
	`b10` integer DEFAULT 0 NOT NULL,
	`b11` integer DEFAULT 0 NOT NULL,
	`b12` integer DEFAULT 0 NOT NULL,
	`b13` integer DEFAULT 0 NOT NULL,
	`b14` integer DEFAULT 0 NOT NULL,
	`b15` integer DEFAULT 0 NOT NULL,
	`b16` integer DEFAULT 0 NOT NULL,
	`b17` integer DEFAULT 0 NOT NULL,
	`b18` integer DEFAULT 0 NOT NULL,
	`b19` integer DEFAULT 0 NOT NULL,
	`b20` integer DEFAULT 0 NOT NULL,
	`b21` integer DEFAULT 0 NOT NULL,
	`b22` integer DEFAULT 0 NOT NULL,
	`b23` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`project_id`, `hour`, `model`)
);
--> statement-breakpoint
INSERT INTO `__new_rollups`("project_id", "hour", "model", "traces", "error_traces", "latency_sum_ms", "calls", "error_calls", "input_tokens", "output_tokens", "cost_usd", "b00", "b01", "b02", "b03", "b04", "b05", "b06", "b07", "b08", "b09", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "b22", "b23") SELECT "project_id", "hour", "model", "traces", "error_traces", "latency_sum_ms", "calls", "error_calls", "input_tokens", "output_tokens", "cost_usd", "b00", "b01", "b02", "b03", "b04", "b05", "b06", "b07", "b08", "b09", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "b22", "b23" FROM `rollups`;--> statement-breakpoint
DROP TABLE `rollups`;--> statement-breakpoint
ALTER TABLE `__new_rollups` RENAME TO `rollups`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_spans` (
	`project_id` text NOT NULL,
	`org_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`span_id` text NOT NULL,
	`parent_span_id` text,
	`name` text NOT NULL,
	`span_type` text NOT NULL,
	`kind` integer NOT NULL,
	`start_us` integer NOT NULL,
	`end_us` integer NOT NULL,
	`status` text NOT NULL,
	`status_message` text,
	`inputs` text,
	`outputs` text,
	`attributes` text NOT NULL,
	`events` text NOT NULL,
	`model` text,
	`provider` text,
	`input_tokens` integer,
	`output_tokens` integer,
	`total_tokens` integer,
	`cache_read_tokens` integer,
	`cache_write_tokens` integer,
	`cost_usd` real,
	PRIMARY KEY(`project_id`, `trace_id`, `span_id`)
);
--> statement-breakpoint
INSERT INTO `__new_spans`("project_id", "org_id", "trace_id", "span_id", "parent_span_id", "name", "span_type", "kind", "start_us", "end_us", "status", "status_message", "inputs", "outputs", "attributes", "events", "model", "provider", "input_tokens", "output_tokens", "total_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd") SELECT "project_id", "org_id", "trace_id", "span_id", "parent_span_id", "name", "span_type", "kind", "start_us", "end_us", "status", "status_message", "inputs", "outputs", "attributes", "events", "model", "provider", "input_tokens", "output_tokens", "total_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd" FROM `spans`;--> statement-breakpoint
DROP TABLE `spans`;--> statement-breakpoint
ALTER TABLE `__new_spans` RENAME TO `spans`;--> statement-breakpoint
CREATE TABLE `__new_trace_facets` (
	`project_id` text NOT NULL,
	`facet` text NOT NULL,
	`value` text NOT NULL,
	`trace_row` integer NOT NULL,
	PRIMARY KEY(`project_id`, `facet`, `value`, `trace_row`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_trace_facets`("project_id", "facet", "value", "trace_row") SELECT "project_id", "facet", "value", "trace_row" FROM `trace_facets`;--> statement-breakpoint
DROP TABLE `trace_facets`;--> statement-breakpoint
ALTER TABLE `__new_trace_facets` RENAME TO `trace_facets`;--> statement-breakpoint
CREATE INDEX `trace_facets_row_idx` ON `trace_facets` (`trace_row`);--> statement-breakpoint
CREATE TABLE `__new_trace_sessions` (
	`project_id` text NOT NULL,
	`session_id` text NOT NULL,
	`first_us` integer NOT NULL,
	`last_us` integer NOT NULL,
	PRIMARY KEY(`project_id`, `session_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_trace_sessions`("project_id", "session_id", "first_us", "last_us") SELECT "project_id", "session_id", "first_us", "last_us" FROM `trace_sessions`;--> statement-breakpoint
DROP TABLE `trace_sessions`;--> statement-breakpoint
ALTER TABLE `__new_trace_sessions` RENAME TO `trace_sessions`;--> statement-breakpoint
CREATE INDEX `trace_sessions_last_idx` ON `trace_sessions` (`project_id`,`last_us`,`session_id`);--> statement-breakpoint
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
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_traces`("id", "project_id", "org_id", "trace_id", "name", "root_span_id", "start_us", "end_us", "duration_ms", "status", "span_count", "error_count", "input_tokens", "output_tokens", "total_tokens", "cost_usd", "session_id", "user_id", "input_preview", "output_preview", "tags", "metadata", "models", "created_at", "updated_at") SELECT "id", "project_id", "org_id", "trace_id", "name", "root_span_id", "start_us", "end_us", "duration_ms", "status", "span_count", "error_count", "input_tokens", "output_tokens", "total_tokens", "cost_usd", "session_id", "user_id", "input_preview", "output_preview", "tags", "metadata", "models", "created_at", "updated_at" FROM `traces`;--> statement-breakpoint
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
DROP INDEX `projects_org_name_uq`;--> statement-breakpoint
ALTER TABLE `projects` ADD `deleted_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `projects_org_name_uq` ON `projects` (`org_id`,`name`) WHERE deleted_at is null;