CREATE TABLE `scorer_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`scorer_id` text NOT NULL,
	`project_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scorer_versions_scorer_version_uq` ON `scorer_versions` (`scorer_id`,`version`);--> statement-breakpoint
CREATE INDEX `scorer_versions_project_idx` ON `scorer_versions` (`project_id`);--> statement-breakpoint
CREATE TABLE `scorers` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`latest_version` integer NOT NULL,
	`archived_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scorers_project_name_uq` ON `scorers` (`project_id`,`name`);