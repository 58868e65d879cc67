-- Each trace_text row now shares its trace's rowid, so deleting a trace's text is a rowid
-- lookup instead of a scan of every project's text rows (project_id and trace_id are UNINDEXED).
DELETE FROM `trace_text`;--> statement-breakpoint
INSERT INTO `trace_text` (`rowid`, `text`, `project_id`, `trace_id`)
SELECT `rowid`, trim(coalesce(`input_preview`, '') || ' ' || coalesce(`output_preview`, '')), `project_id`, `trace_id`
FROM `traces` WHERE `root_span_id` IS NOT NULL AND (`input_preview` IS NOT NULL OR `output_preview` IS NOT NULL);
