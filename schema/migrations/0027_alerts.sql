CREATE TABLE `alert_events` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`project_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`rule_name` text NOT NULL,
	`state` text NOT NULL,
	`window_start` integer NOT NULL,
	`window_end` integer NOT NULL,
	`numbers` text NOT NULL,
	`summary` text NOT NULL,
	`fired_at` integer NOT NULL,
	`acknowledged_by` text,
	`acknowledged_at` integer,
	`resolved_at` integer,
	`resolved_window_end` integer,
	`resolve_numbers` text,
	`muted` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alert_events_project_idx` ON `alert_events` (`project_id`,`fired_at`);--> statement-breakpoint
CREATE INDEX `alert_events_rule_idx` ON `alert_events` (`rule_id`,`fired_at`);--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`config` text NOT NULL,
	`assessment_name` text,
	`monitor_id` text DEFAULT '' NOT NULL,
	`model` text DEFAULT '' NOT NULL,
	`enabled` integer DEFAULT 1 NOT NULL,
	`muted_until` integer,
	`state` text DEFAULT 'ok' NOT NULL,
	`memory` text NOT NULL,
	`evaluated_to` integer,
	`evaluation_id` text,
	`last_numbers` text,
	`open_alert_id` text,
	`created_by` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alert_rules_project_idx` ON `alert_rules` (`project_id`,`name`);--> statement-breakpoint
CREATE INDEX `alert_rules_org_idx` ON `alert_rules` (`org_id`,`enabled`);