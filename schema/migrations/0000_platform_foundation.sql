CREATE TABLE `cron_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`cron` text NOT NULL,
	`job` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer NOT NULL,
	`status` text NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `cron_runs_job_time_idx` ON `cron_runs` (`job`,`started_at`);--> statement-breakpoint
CREATE TABLE `job_failures` (
	`id` text PRIMARY KEY NOT NULL,
	`job_id` text NOT NULL,
	`queue` text NOT NULL,
	`type` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`last_error` text NOT NULL,
	`status` text NOT NULL,
	`first_failed_at` integer NOT NULL,
	`last_failed_at` integer NOT NULL,
	`dead_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_failures_job_id_uq` ON `job_failures` (`job_id`);--> statement-breakpoint
CREATE INDEX `job_failures_status_time_idx` ON `job_failures` (`status`,`last_failed_at`);--> statement-breakpoint
CREATE TABLE `queue_probes` (
	`id` text PRIMARY KEY NOT NULL,
	`fail` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`completed_at` integer
);
