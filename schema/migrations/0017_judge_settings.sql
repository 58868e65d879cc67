ALTER TABLE `orgs` ADD `judge_concurrency` integer DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE `orgs` ADD `judge_budget_usd` real;--> statement-breakpoint
ALTER TABLE `orgs` ADD `judge_unpriced_per_million` real DEFAULT 10 NOT NULL;