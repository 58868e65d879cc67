CREATE TABLE `model_prices` (
	`org_id` text NOT NULL,
	`model` text NOT NULL,
	`input_per_million` real NOT NULL,
	`output_per_million` real NOT NULL,
	`cache_read_per_million` real,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `model`),
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `rollups` (
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
	PRIMARY KEY(`project_id`, `hour`, `model`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `spans` (
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
	PRIMARY KEY(`project_id`, `trace_id`, `span_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `trace_facets` (
	`project_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`facet` text NOT NULL,
	`value` text NOT NULL,
	`start_us` integer NOT NULL,
	PRIMARY KEY(`project_id`, `facet`, `value`, `trace_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `trace_facets_trace_idx` ON `trace_facets` (`project_id`,`trace_id`);--> statement-breakpoint
CREATE TABLE `traces` (
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
	PRIMARY KEY(`project_id`, `trace_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `traces_project_start_idx` ON `traces` (`project_id`,`start_us`);--> statement-breakpoint
CREATE INDEX `traces_project_duration_idx` ON `traces` (`project_id`,`duration_ms`);--> statement-breakpoint
CREATE INDEX `traces_project_tokens_idx` ON `traces` (`project_id`,`total_tokens`);--> statement-breakpoint
CREATE INDEX `traces_project_cost_idx` ON `traces` (`project_id`,`cost_usd`);--> statement-breakpoint
CREATE INDEX `traces_project_status_idx` ON `traces` (`project_id`,`status`,`start_us`);--> statement-breakpoint
CREATE INDEX `traces_project_name_idx` ON `traces` (`project_id`,`name`,`start_us`);--> statement-breakpoint
CREATE INDEX `traces_project_session_idx` ON `traces` (`project_id`,`session_id`,`start_us`);--> statement-breakpoint
CREATE INDEX `traces_project_user_idx` ON `traces` (`project_id`,`user_id`,`start_us`);--> statement-breakpoint
CREATE INDEX `traces_org_idx` ON `traces` (`org_id`);--> statement-breakpoint
ALTER TABLE `projects` ADD `retention_days` integer DEFAULT 30 NOT NULL;