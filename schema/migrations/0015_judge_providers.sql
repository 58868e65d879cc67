CREATE TABLE `judge_providers` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`base_url` text NOT NULL,
	`secret` text NOT NULL,
	`key_hint` text NOT NULL,
	`header_names` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `judge_providers_org_name_uq` ON `judge_providers` (`org_id`,`name`);