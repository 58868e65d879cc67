ALTER TABLE `traces` ADD `preview_rank` integer;--> statement-breakpoint
ALTER TABLE `traces` ADD `preview_start_us` integer;--> statement-breakpoint
-- Previews stored so far came from the root span.
UPDATE `traces` SET `preview_rank` = 0, `preview_start_us` = `start_us` WHERE `input_preview` IS NOT NULL OR `output_preview` IS NOT NULL;
