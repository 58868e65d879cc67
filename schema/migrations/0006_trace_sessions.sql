-- One row per session with its first start and last end, so the sessions list pages in order of
-- last activity without aggregating every trace of every session. WITHOUT ROWID: read by its
-- keys. Filled here from the traces already stored.
CREATE TABLE `trace_sessions` (
	`project_id` text NOT NULL,
	`session_id` text NOT NULL,
	`first_us` integer NOT NULL,
	`last_us` integer NOT NULL,
	PRIMARY KEY(`project_id`, `session_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `trace_sessions_last_idx` ON `trace_sessions` (`project_id`,`last_us`,`session_id`);--> statement-breakpoint
INSERT INTO `trace_sessions` (`project_id`, `session_id`, `first_us`, `last_us`)
SELECT `project_id`, `session_id`, min(`start_us`), max(`end_us`) FROM `traces`
WHERE `session_id` IS NOT NULL GROUP BY `project_id`, `session_id`;
