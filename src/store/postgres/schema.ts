/**
 * PostgreSQL tables, the same as DuckDB's; `daily_rollups.model` is '' for unattributed requests.
 * Rollup token sums are NUMERIC(38,0), PostgreSQL's counterpart of DuckDB's HUGEINT: a cell holds at
 * most 2^63 - 1 requests of at most 10^9 tokens per field, so a sum stays below 9.3 * 10^27 (the
 * argument is in ../duckdb/schema.ts); BIGINT overflowed after one event near 2^63.
 * Migrations only ever get added at the end; an applied one is never edited.
 */
import type { Migration } from '../migrations.ts';
import { splitRollupsByApp } from '../rollup-migration.ts';

export const migrations = (schema: string): Migration[] => [
  {
    version: 1,
    description: 'the tables as the code made them before versioned migrations, with the token sums widened',
    statements: [
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
      // Stores made before NUMERIC(38,0) had BIGINT sums.
      `DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '${schema}' AND table_name = 'daily_rollups'
                   AND column_name IN ('prompt_tokens', 'completion_tokens') AND data_type = 'bigint') THEN
          ALTER TABLE ${schema}.daily_rollups ALTER COLUMN prompt_tokens TYPE NUMERIC(38, 0),
                                              ALTER COLUMN completion_tokens TYPE NUMERIC(38, 0);
        END IF;
      END $$`,
    ],
  },
  {
    version: 2,
    description: 'key timestamps as timestamptz instead of text',
    statements: [
      `ALTER TABLE ${schema}.api_keys ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at::timestamptz,
         ALTER COLUMN revoked_at TYPE TIMESTAMPTZ USING revoked_at::timestamptz`,
    ],
  },
  {
    version: 3,
    description: 'a data version, bumped by every write that changes the rollups, so other instances see their cache is stale',
    statements: [
      `CREATE TABLE ${schema}.data_version (id SMALLINT PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)`,
      `INSERT INTO ${schema}.data_version VALUES (1, 0)`,
    ],
  },
  {
    version: 4,
    description: 'rollups per app, with token squares and cost; event cost; classifier versions per day',
    statements: [
      `ALTER TABLE ${schema}.events ADD COLUMN cost DOUBLE PRECISION`,
      `CREATE TABLE ${schema}.daily_rollups_v4 (
         day DATE NOT NULL,
         tag TEXT NOT NULL,
         model TEXT NOT NULL,
         app TEXT NOT NULL,
         requests BIGINT NOT NULL,
         prompt_tokens NUMERIC(38, 0) NOT NULL,
         completion_tokens NUMERIC(38, 0) NOT NULL,
         token_squares DOUBLE PRECISION NOT NULL,
         cost DOUBLE PRECISION NOT NULL,
         cost_requests BIGINT NOT NULL,
         PRIMARY KEY (day, tag, model, app))`,
      splitRollupsByApp(`${schema}.daily_rollups`, `${schema}.daily_rollups_v4`, `${schema}.events`),
      `DROP TABLE ${schema}.daily_rollups`,
      `ALTER TABLE ${schema}.daily_rollups_v4 RENAME TO daily_rollups`,
      `ALTER INDEX ${schema}.daily_rollups_v4_pkey RENAME TO daily_rollups_pkey`,
      `CREATE TABLE ${schema}.daily_classifier_versions (
         day DATE NOT NULL,
         version TEXT NOT NULL,
         requests BIGINT NOT NULL,
         PRIMARY KEY (day, version))`,
      // Days whose raw events are gone keep no record of their classifier.
      `INSERT INTO ${schema}.daily_classifier_versions
         SELECT day, classifier_version, count(*) FROM ${schema}.events GROUP BY 1, 2`,
    ],
  },
];
