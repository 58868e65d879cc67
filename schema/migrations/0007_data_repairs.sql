-- One row per one-off data repair done on this database (scripts/repair.ts): each runs once.
CREATE TABLE `data_repairs` (
	`name` text PRIMARY KEY NOT NULL,
	`applied_at` integer NOT NULL,
	`summary` text NOT NULL
);
