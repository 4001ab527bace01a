/**
 * DuckDB tables. `daily_rollups.model` is '' for requests that named no model (a key column cannot be
 * NULL). The primary key on `events.id` is what makes ingestion idempotent; DuckDB keeps that index in
 * memory, which is why raw events have a retention.
 */
export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS events (
     id VARCHAR PRIMARY KEY,
     day DATE NOT NULL,
     tag VARCHAR NOT NULL,
     model VARCHAR,
     prompt_tokens BIGINT NOT NULL,
     completion_tokens BIGINT NOT NULL,
     user_hash VARCHAR,
     app VARCHAR,
     classifier_version VARCHAR NOT NULL,
     confidence DOUBLE NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS daily_rollups (
     day DATE NOT NULL,
     tag VARCHAR NOT NULL,
     model VARCHAR NOT NULL,
     requests BIGINT NOT NULL,
     prompt_tokens BIGINT NOT NULL,
     completion_tokens BIGINT NOT NULL,
     PRIMARY KEY (day, tag, model))`,
  `CREATE TABLE IF NOT EXISTS api_keys (
     id VARCHAR PRIMARY KEY,
     account VARCHAR NOT NULL,
     prefix VARCHAR NOT NULL,
     hash VARCHAR NOT NULL UNIQUE,
     scopes VARCHAR NOT NULL,
     created_at VARCHAR NOT NULL,
     revoked_at VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS meta (name VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
];

/**
 * Per-connection staging tables: a batch is appended here, then moved into the real tables in one
 * transaction. Each batch replaces them: a DELETE would keep the deleted rows' memory, so an in-memory
 * temp table would grow with every batch ever staged.
 */
export const STAGE_EVENTS = `CREATE OR REPLACE TEMP TABLE staging_events AS SELECT * FROM events LIMIT 0`;
export const STAGE_ROLLUPS = `CREATE OR REPLACE TEMP TABLE staging_rollups AS SELECT * FROM daily_rollups LIMIT 0`;
