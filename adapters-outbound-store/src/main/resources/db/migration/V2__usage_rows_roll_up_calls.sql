-- A usage row may stand for several calls alike (the same second, key, team, model, outcome and
-- usage source), their tokens and costs added up: the writer rolls up each batch before inserting,
-- so that accounting costs a few inserts a second instead of one per call. Rows written before
-- this migration are one call each.
ALTER TABLE usage_row ADD COLUMN requests BIGINT DEFAULT 1 NOT NULL;
