/**
 * DuckDB tables. `daily_rollups.model` is '' for requests that named no model (a key column cannot be
 * NULL). `events.id` has no index on purpose: DuckDB keeps an ART index wholly in memory, outside its
 * memory limit, so a primary key on ids would grow the process with every event kept; duplicates are
 * found by an anti-join per batch instead (one scan of the id column).
 */
export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS events (
     id VARCHAR NOT NULL,
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
];

/** Per-connection staging tables: a batch is appended here, then moved into the real tables in one transaction. */
export const STAGING = [
  `CREATE TEMP TABLE staging_events AS SELECT * FROM events LIMIT 0`,
  `CREATE TEMP TABLE staging_rollups AS SELECT * FROM daily_rollups LIMIT 0`,
];
