CREATE TABLE `dataset_import_chunks` (
	`import_id` text NOT NULL,
	`seq` integer NOT NULL,
	`result` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`import_id`, `seq`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `dataset_import_errors` (
	`import_id` text NOT NULL,
	`line` integer NOT NULL,
	`reason` text NOT NULL,
	PRIMARY KEY(`import_id`, `line`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `dataset_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`dataset_id` text NOT NULL,
	`project_id` text NOT NULL,
	`format` text NOT NULL,
	`file_name` text DEFAULT '' NOT NULL,
	`columns` text,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`chunks` integer DEFAULT 0 NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`inserted` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`total` integer,
	`created_by` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`touched_at` integer NOT NULL,
	`committed_at` integer
);
--> statement-breakpoint
CREATE INDEX `dataset_imports_dataset_idx` ON `dataset_imports` (`dataset_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `dataset_records` (
	`dataset_id` text NOT NULL,
	`record_id` text NOT NULL,
	`from_version` integer NOT NULL,
	`to_version` integer,
	`inputs_hash` text NOT NULL,
	`inputs` text NOT NULL,
	`expectations` text NOT NULL,
	`outputs` text,
	`tags` text NOT NULL,
	`source_type` text NOT NULL,
	`source_id` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`dataset_id`, `record_id`, `from_version`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dataset_records_live_hash_uq` ON `dataset_records` (`dataset_id`,`inputs_hash`) WHERE "dataset_records"."to_version" is null;--> statement-breakpoint
CREATE INDEX `dataset_records_live_idx` ON `dataset_records` (`dataset_id`,`record_id`,`from_version`) WHERE "dataset_records"."to_version" is null;--> statement-breakpoint
CREATE INDEX `dataset_records_to_idx` ON `dataset_records` (`dataset_id`,`to_version`) WHERE "dataset_records"."to_version" is not null;--> statement-breakpoint
CREATE INDEX `dataset_records_from_idx` ON `dataset_records` (`dataset_id`,`from_version`);--> statement-breakpoint
CREATE TABLE `dataset_versions` (
	`dataset_id` text NOT NULL,
	`version` integer NOT NULL,
	`kind` text NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`inserted` integer NOT NULL,
	`updated` integer NOT NULL,
	`deleted` integer NOT NULL,
	`record_count` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`dataset_id`, `version`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `datasets` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`tags` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`record_count` integer DEFAULT 0 NOT NULL,
	`open_import_id` text,
	`created_by` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_used_at` integer,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `datasets_project_name_uq` ON `datasets` (`project_id`,`name`) WHERE "datasets"."deleted_at" is null;