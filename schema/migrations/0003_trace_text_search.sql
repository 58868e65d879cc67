-- Text search over trace previews: a trigram FTS5 index, so `contains` filters are index-backed.
CREATE VIRTUAL TABLE `trace_text` USING fts5(`text`, `project_id` UNINDEXED, `trace_id` UNINDEXED, tokenize = 'trigram');
