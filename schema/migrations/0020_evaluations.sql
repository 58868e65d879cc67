CREATE TABLE `eval_items` (
	`run_id` text NOT NULL,
	`row_key` text NOT NULL,
	`scorer_version_id` text NOT NULL,
	`repeat` integer NOT NULL,
	`assessment_id` text,
	`error_code` text,
	PRIMARY KEY(`run_id`, `row_key`, `scorer_version_id`, `repeat`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `eval_rows` (
	`run_id` text NOT NULL,
	`row_key` text NOT NULL,
	`position` integer NOT NULL,
	`record_id` text,
	`trace_id` text,
	`inputs` text NOT NULL,
	`outputs` text,
	`expectations` text NOT NULL,
	`latency_ms` real,
	`error` text,
	PRIMARY KEY(`run_id`, `row_key`)
);
--> statement-breakpoint
CREATE INDEX `eval_rows_position_idx` ON `eval_rows` (`run_id`,`position`);--> statement-breakpoint
CREATE TABLE `eval_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`dataset_id` text,
	`dataset_version` integer,
	`scorers` text NOT NULL,
	`params` text NOT NULL,
	`tags` text NOT NULL,
	`repeats` integer NOT NULL,
	`open` integer NOT NULL,
	`rows` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`created_by` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `eval_runs_project_idx` ON `eval_runs` (`project_id`,`created_at`);