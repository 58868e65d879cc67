ALTER TABLE `spans` ADD `counted` integer;--> statement-breakpoint
CREATE INDEX `spans_metered_idx` ON `spans` (`project_id`,`trace_id`,`span_id`) WHERE counted is not null;--> statement-breakpoint
-- Spans stored before this rule count as they did (every span with a model or usage); a trace
-- that gets a span later is recounted by the rule (workers/ingest/usage.ts).
UPDATE `spans` SET `counted` = 1 WHERE `model` IS NOT NULL OR `input_tokens` IS NOT NULL OR `output_tokens` IS NOT NULL OR `total_tokens` IS NOT NULL OR `cost_usd` IS NOT NULL;
