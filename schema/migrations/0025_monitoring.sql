-- Online scoring (workers/monitoring/). score_rollups gains the monitor as a key column ('' for
-- every other source; existing rows become ''), rebuilt WITHOUT ROWID like before; the keyed
-- bookkeeping tables are WITHOUT ROWID (read and written by their primary key).
CREATE TABLE `monitor_backfills` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`project_id` text NOT NULL,
	`monitor_id` text NOT NULL,
	`from_ms` integer NOT NULL,
	`to_ms` integer NOT NULL,
	`total` integer,
	`done` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`estimated_cost_usd` real,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`cursor` text,
	`created_by` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `monitor_backfills_monitor_idx` ON `monitor_backfills` (`project_id`,`monitor_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `monitor_pending` (
	`project_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`first_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	PRIMARY KEY(`project_id`, `kind`, `subject_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `monitor_pending_due_idx` ON `monitor_pending` (`due_at`);--> statement-breakpoint
CREATE TABLE `monitor_results` (
	`monitor_id` text NOT NULL,
	`subject_id` text NOT NULL,
	`round` integer NOT NULL,
	`project_id` text NOT NULL,
	`scorer_version_id` text NOT NULL,
	`assessment_id` text,
	`error_code` text,
	`cost_usd` real,
	`backfill_id` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`monitor_id`, `subject_id`, `round`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `monitor_results_monitor_time_idx` ON `monitor_results` (`monitor_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `monitor_results_project_time_idx` ON `monitor_results` (`project_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `monitors` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`scorer_id` text NOT NULL,
	`scorer_version_id` text NOT NULL,
	`level` text NOT NULL,
	`sampling_rate` real NOT NULL,
	`filter` text NOT NULL,
	`settle_seconds` integer NOT NULL,
	`status` text NOT NULL,
	`created_by` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monitors_project_name_uq` ON `monitors` (`project_id`,`name`);--> statement-breakpoint
CREATE INDEX `monitors_project_status_idx` ON `monitors` (`project_id`,`status`,`level`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_score_rollups` (
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`monitor_id` text DEFAULT '' NOT NULL,
	`hour` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`scored` integer DEFAULT 0 NOT NULL,
	`sum` real DEFAULT 0 NOT NULL,
	`sum_squares` real DEFAULT 0 NOT NULL,
	`judged` integer DEFAULT 0 NOT NULL,
	`passes` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`project_id`, `name`, `monitor_id`, `hour`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_score_rollups`("project_id", "name", "monitor_id", "hour", "count", "scored", "sum", "sum_squares", "judged", "passes", "errors") SELECT "project_id", "name", '', "hour", "count", "scored", "sum", "sum_squares", "judged", "passes", "errors" FROM `score_rollups`;--> statement-breakpoint
DROP TABLE `score_rollups`;--> statement-breakpoint
ALTER TABLE `__new_score_rollups` RENAME TO `score_rollups`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
ALTER TABLE `assessments` ADD `monitor_id` text;