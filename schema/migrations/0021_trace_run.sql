ALTER TABLE `traces` ADD `run_id` text;--> statement-breakpoint
CREATE INDEX `traces_project_run_idx` ON `traces` (`project_id`,`run_id`,`start_us`) WHERE run_id is not null;