/** PostgreSQL tables, the same as DuckDB's; `daily_rollups.model` is '' for unattributed requests. */
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
     prompt_tokens BIGINT NOT NULL,
     completion_tokens BIGINT NOT NULL,
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
