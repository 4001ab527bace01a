/**
 * PostgreSQL tables, the same as DuckDB's; `daily_rollups.model` is '' for unattributed requests.
 * Rollup token sums are NUMERIC(38,0), PostgreSQL's counterpart of DuckDB's HUGEINT: a cell holds at
 * most 2^63 - 1 requests of at most 10^9 tokens per field, so a sum stays below 9.3 * 10^27 (the
 * argument is in ../duckdb/schema.ts); BIGINT overflowed after one event near 2^63.
 */
export const schemaSql = (schema: string): string[] => [
  `CREATE SCHEMA IF NOT EXISTS ${schema}`,
  `CREATE TABLE IF NOT EXISTS ${schema}.events (
     id TEXT PRIMARY KEY,
     day DATE NOT NULL,
     tag TEXT NOT NULL,
     model TEXT,
     prompt_tokens BIGINT NOT NULL,
     completion_tokens BIGINT NOT NULL,
     user_hash TEXT,
     app TEXT,
     classifier_version TEXT NOT NULL,
     confidence DOUBLE PRECISION NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS events_day ON ${schema}.events (day)`,
  `CREATE TABLE IF NOT EXISTS ${schema}.daily_rollups (
     day DATE NOT NULL,
     tag TEXT NOT NULL,
     model TEXT NOT NULL,
     requests BIGINT NOT NULL,
     prompt_tokens NUMERIC(38, 0) NOT NULL,
     completion_tokens NUMERIC(38, 0) NOT NULL,
     PRIMARY KEY (day, tag, model))`,
  `CREATE TABLE IF NOT EXISTS ${schema}.api_keys (
     id TEXT PRIMARY KEY,
     account TEXT NOT NULL,
     prefix TEXT NOT NULL,
     hash TEXT NOT NULL UNIQUE,
     scopes TEXT NOT NULL,
     created_at TEXT NOT NULL,
     revoked_at TEXT)`,
  `CREATE TABLE IF NOT EXISTS ${schema}.meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)`,
];

/** Widens the BIGINT token sums of a store created before NUMERIC(38,0), once (a no-op afterwards). */
export const migrateSql = (schema: string): string => `DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '${schema}' AND table_name = 'daily_rollups'
             AND column_name IN ('prompt_tokens', 'completion_tokens') AND data_type = 'bigint') THEN
    ALTER TABLE ${schema}.daily_rollups ALTER COLUMN prompt_tokens TYPE NUMERIC(38, 0), ALTER COLUMN completion_tokens TYPE NUMERIC(38, 0);
  END IF;
END $$`;
