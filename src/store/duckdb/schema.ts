/**
 * DuckDB tables. `daily_rollups.model` is '' for requests that named no model (a key column cannot be
 * NULL). The primary key on `events.id` is what makes ingestion idempotent; DuckDB keeps that index in
 * memory, which is why raw events have a retention.
 * Migrations only ever get added at the end; an applied one is never edited.
 */
import type { Migration } from '../migrations.ts';
import { splitRollupsByApp } from '../rollup-migration.ts';

const TABLES_V1 = [
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
     prompt_tokens HUGEINT NOT NULL,
     completion_tokens HUGEINT NOT NULL,
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
 * Rollup token sums are HUGEINT (up to 1.7 * 10^38) because BIGINT can overflow: one cell holds at most
 * 2^63 - 1 requests (its `requests` is a BIGINT, and even 10^9 events a second would take 292 years to
 * reach that), each with at most 10^9 tokens per field (MAX_TOKENS), so a field's sum stays below
 * 10^9 * 2^63 < 9.3 * 10^27, and a window's sum of both fields over 7 days below 1.3 * 10^29. BIGINT
 * (9.2 * 10^18) overflowed after a single event near 2^63, and every read of that day failed.
 * A store created before this had BIGINT columns: migration 1 widens them.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'the tables as the code made them before versioned migrations, with the token sums widened',
    statements: [
      ...TABLES_V1,
      // A no-op on a new store; widens the BIGINT sums of one made before HUGEINT.
      'ALTER TABLE daily_rollups ALTER prompt_tokens TYPE HUGEINT',
      'ALTER TABLE daily_rollups ALTER completion_tokens TYPE HUGEINT',
    ],
  },
  {
    version: 2,
    description: 'key timestamps as TIMESTAMP (UTC) instead of text',
    statements: [
      'ALTER TABLE api_keys ALTER created_at TYPE TIMESTAMP USING created_at::TIMESTAMP',
      'ALTER TABLE api_keys ALTER revoked_at TYPE TIMESTAMP USING revoked_at::TIMESTAMP',
    ],
  },
  {
    version: 3,
    description: 'rollups per app, with token squares and cost; event cost; classifier versions per day',
    statements: [
      'ALTER TABLE events ADD COLUMN cost DOUBLE',
      `CREATE TABLE daily_rollups_v3 (
         day DATE NOT NULL,
         tag VARCHAR NOT NULL,
         model VARCHAR NOT NULL,
         app VARCHAR NOT NULL,
         requests BIGINT NOT NULL,
         prompt_tokens HUGEINT NOT NULL,
         completion_tokens HUGEINT NOT NULL,
         token_squares DOUBLE NOT NULL,
         cost DOUBLE NOT NULL,
         cost_requests BIGINT NOT NULL,
         PRIMARY KEY (day, tag, model, app))`,
      splitRollupsByApp('daily_rollups', 'daily_rollups_v3', 'events'),
      'DROP TABLE daily_rollups',
      'ALTER TABLE daily_rollups_v3 RENAME TO daily_rollups',
      `CREATE TABLE daily_classifier_versions (
         day DATE NOT NULL,
         version VARCHAR NOT NULL,
         requests BIGINT NOT NULL,
         PRIMARY KEY (day, version))`,
      // Days whose raw events are gone keep no record of their classifier.
      'INSERT INTO daily_classifier_versions SELECT day, classifier_version, count(*) FROM events GROUP BY ALL',
    ],
  },
];

/**
 * Per-connection staging tables: a batch is appended here, then moved into the real tables in one
 * transaction. Each batch replaces them: a DELETE would keep the deleted rows' memory, so an in-memory
 * temp table would grow with every batch ever staged.
 */
export const STAGE_EVENTS = `CREATE OR REPLACE TEMP TABLE staging_events AS SELECT * FROM events LIMIT 0`;
export const STAGE_ROLLUPS = `CREATE OR REPLACE TEMP TABLE staging_rollups AS SELECT * FROM daily_rollups LIMIT 0`;
export const STAGE_VERSIONS = `CREATE OR REPLACE TEMP TABLE staging_versions AS SELECT * FROM daily_classifier_versions LIMIT 0`;
