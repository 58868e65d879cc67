-- Prompt registry (issue 16). WITHOUT ROWID (added by hand): prompt_aliases and trace_prompts are small rows
-- read by their primary key; prompt_versions keeps its rowid, its rows hold whole templates.
CREATE TABLE `prompt_alias_moves` (
	`id` text PRIMARY KEY NOT NULL,
	`prompt_id` text NOT NULL,
	`project_id` text NOT NULL,
	`alias` text NOT NULL,
	`from_version` integer,
	`to_version` integer,
	`moved_by` text NOT NULL,
	`moved_by_label` text NOT NULL,
	`moved_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `prompt_alias_moves_alias_idx` ON `prompt_alias_moves` (`prompt_id`,`alias`,`moved_at`);--> statement-breakpoint
CREATE INDEX `prompt_alias_moves_project_idx` ON `prompt_alias_moves` (`project_id`);--> statement-breakpoint
CREATE TABLE `prompt_aliases` (
	`prompt_id` text NOT NULL,
	`alias` text NOT NULL,
	`project_id` text NOT NULL,
	`version` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_by_label` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`prompt_id`, `alias`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `prompt_aliases_project_idx` ON `prompt_aliases` (`project_id`);--> statement-breakpoint
CREATE TABLE `prompt_versions` (
	`prompt_id` text NOT NULL,
	`version` integer NOT NULL,
	`project_id` text NOT NULL,
	`kind` text NOT NULL,
	`template` text NOT NULL,
	`variables` text NOT NULL,
	`response_format` text,
	`model_config` text,
	`message` text DEFAULT '' NOT NULL,
	`created_by` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`prompt_id`, `version`)
);
--> statement-breakpoint
CREATE INDEX `prompt_versions_project_idx` ON `prompt_versions` (`project_id`);--> statement-breakpoint
CREATE TABLE `prompts` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`tags` text NOT NULL,
	`latest_version` integer NOT NULL,
	`archived_at` integer,
	`last_used_at` integer,
	`created_by` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prompts_project_name_uq` ON `prompts` (`project_id`,`name`);--> statement-breakpoint
CREATE INDEX `prompts_project_updated_idx` ON `prompts` (`project_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `trace_prompts` (
	`project_id` text NOT NULL,
	`prompt_id` text NOT NULL,
	`version` integer NOT NULL,
	`trace_row` integer NOT NULL,
	PRIMARY KEY(`project_id`, `prompt_id`, `version`, `trace_row`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `trace_prompts_row_idx` ON `trace_prompts` (`trace_row`);