-- 5-minute score rollups for alert windows under an hour (workers/alerts/), WITHOUT ROWID like the hourly ones.
CREATE TABLE `score_rollups_5m` (
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`monitor_id` text DEFAULT '' NOT NULL,
	`start` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`scored` integer DEFAULT 0 NOT NULL,
	`sum` real DEFAULT 0 NOT NULL,
	`sum_squares` real DEFAULT 0 NOT NULL,
	`judged` integer DEFAULT 0 NOT NULL,
	`passes` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`project_id`, `name`, `monitor_id`, `start`)
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `assessments` ADD `bucket_5m` integer;--> statement-breakpoint
-- Feedback written before this table counts in its hour's first 5 minutes (bucket_5m stays null and
-- workers/assessments/rows.ts reads coalesce(bucket_5m, bucket_hour)), so an override of it later
-- takes out what is here. Same rules as rollupDelta: current feedback, no evaluation runs' scores,
-- nothing on evaluation runs' traces.
INSERT INTO `score_rollups_5m` (project_id, name, monitor_id, start, count, scored, sum, sum_squares, judged, passes, errors)
SELECT project_id, name, coalesce(monitor_id, ''), bucket_hour, count(*), count(score), total(score), total(score * score),
  count(passed), total(passed), count(error_code)
FROM assessments
WHERE kind = 'feedback' AND valid = 1 AND run_id IS NULL AND NOT EXISTS (SELECT 1 FROM traces t
  WHERE t.project_id = assessments.project_id AND t.trace_id = assessments.trace_id AND t.run_id IS NOT NULL)
GROUP BY project_id, name, monitor_id, bucket_hour;