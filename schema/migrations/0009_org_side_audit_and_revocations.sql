CREATE TABLE `data_audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`actor_label` text NOT NULL,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text,
	`target_label` text,
	`metadata` text NOT NULL,
	`ip` text,
	`created_at` integer NOT NULL,
	`org_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `data_audit_org_time_idx` ON `data_audit_log` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `data_audit_org_action_time_idx` ON `data_audit_log` (`org_id`,`action`,`created_at`);--> statement-breakpoint
CREATE INDEX `data_audit_org_actor_time_idx` ON `data_audit_log` (`org_id`,`actor_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `revoked_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`revoked_at` integer NOT NULL
);
--> statement-breakpoint
-- Existing entries about organization data move to its side; both sides are one database today.
INSERT INTO `data_audit_log` (`id`, `project_id`, `actor_type`, `actor_id`, `actor_label`, `action`, `target_type`, `target_id`, `target_label`, `metadata`, `ip`, `created_at`, `org_id`)
  SELECT `id`, `project_id`, `actor_type`, `actor_id`, `actor_label`, `action`, `target_type`, `target_id`, `target_label`, `metadata`, `ip`, `created_at`, `org_id`
  FROM `audit_log` WHERE `action` LIKE 'trace.%' OR `action` LIKE 'traces.%';
--> statement-breakpoint
DELETE FROM `audit_log` WHERE `action` LIKE 'trace.%' OR `action` LIKE 'traces.%';
--> statement-breakpoint
-- Keys revoked so far, so ingest's check on this side refuses them too.
INSERT INTO `revoked_keys` (`key_id`, `revoked_at`) SELECT `id`, `revoked_at` FROM `api_keys` WHERE `revoked_at` IS NOT NULL;
