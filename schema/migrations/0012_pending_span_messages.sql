CREATE TABLE `pending_span_messages` (
	`project_id` text NOT NULL,
	`org_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`span_id` text NOT NULL,
	`side` text NOT NULL,
	`time_us` integer NOT NULL,
	`digest` text NOT NULL,
	`seq` integer NOT NULL,
	`messages` text NOT NULL,
	`preview` text,
	`merged` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`project_id`, `trace_id`, `span_id`, `side`, `time_us`, `digest`)
) WITHOUT ROWID;
