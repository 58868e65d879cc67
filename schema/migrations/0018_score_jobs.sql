CREATE TABLE `score_job_items` (
	`job_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`assessment_id` text,
	`error_code` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`job_id`, `trace_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `score_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`project_id` text NOT NULL,
	`scorer_id` text NOT NULL,
	`scorer_version_id` text NOT NULL,
	`name` text NOT NULL,
	`total` integer NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`created_by` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `score_jobs_project_idx` ON `score_jobs` (`project_id`,`created_at`);