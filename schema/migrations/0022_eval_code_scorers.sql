ALTER TABLE `eval_runs` ADD `code_scorers` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `eval_runs` ADD `rows_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `eval_runs` ADD `rows_hash` text;