CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`project_id` text NOT NULL,
	`trace_id` text,
	`span_id` text,
	`session_id` text,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`value` text,
	`value_text` text,
	`score` real,
	`passed` integer,
	`error_code` text,
	`error_message` text,
	`rationale` text,
	`source_type` text NOT NULL,
	`source_id` text,
	`scorer_version_id` text,
	`run_id` text,
	`metadata` text DEFAULT '{}' NOT NULL,
	`valid` integer DEFAULT 1 NOT NULL,
	`overrides` text,
	`superseded_by` text,
	`deleted_at` integer,
	`bucket_hour` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assessments_trace_idx` ON `assessments` (`project_id`,`trace_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `assessments_age_idx` ON `assessments` (`project_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `assessments_session_idx` ON `assessments` (`project_id`,`session_id`) WHERE session_id is not null;--> statement-breakpoint
CREATE INDEX `assessments_value_idx` ON `assessments` (`project_id`,`name`,`value_text`) WHERE valid = 1 and kind = 'feedback';--> statement-breakpoint
CREATE INDEX `assessments_passed_idx` ON `assessments` (`project_id`,`name`,`passed`) WHERE valid = 1 and kind = 'feedback';--> statement-breakpoint
CREATE TABLE `score_rollups` (
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`hour` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`scored` integer DEFAULT 0 NOT NULL,
	`sum` real DEFAULT 0 NOT NULL,
	`sum_squares` real DEFAULT 0 NOT NULL,
	`judged` integer DEFAULT 0 NOT NULL,
	`passes` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`project_id`, `name`, `hour`)
) WITHOUT ROWID;
