/**
 * The store for scale: PostgreSQL, shared by several taskshare servers. Batches go in as arrays
 * (`unnest`), so one batch is three statements whatever its size; the primary key decides duplicates,
 * also between servers writing at once.
 */
import pg from 'pg';
import type { RollupRow, TagDayRow } from '../../shares/types.ts';
import type { ApiKeyRecord, EventPrefixes, InsertResult, RollupFilter, Store, StoredEvent, UserCounts } from '../interface.ts';
import { toKeyRecord } from '../key-record.ts';
import { MIGRATIONS_TABLE, runMigrations } from '../migrations.ts';
import { compare, countByDay, eventFor, rollupGroups, toRollupRow, toUserCounts, versionGroups } from '../rollup-groups.ts';

import { DependencyUnavailableError, isRetryableTransactionError, isTransientDatabaseError } from '../unavailable.ts';
import { migrations } from './schema.ts';

/** `$n` matches the filter's app, or everything when it is NULL. */
const appIs = (n: number) => `($${n}::text IS NULL OR app = $${n}::text)`;
const appOf = (filter?: RollupFilter) => filter?.app ?? null;

/** The sums every rollup read returns, over rows of daily_rollups. */
const SUMS = `sum(requests)::float8 AS requests, sum(prompt_tokens + completion_tokens)::float8 AS tokens,
  sum(token_squares)::float8 AS token_squares, sum(cost)::float8 AS cost, sum(cost_requests)::float8 AS cost_requests`;

export interface PostgresStoreOptions {
  url: string;
  /** A schema of its own, so several deployments (or tests) can share one database. */
  schema?: string;
  poolSize?: number;
  /** How long a request waits for a connection before it is a 503 (default 5 s). */
  connectTimeoutMs?: number;
}

/** Retry-After of a 503 while the database is away: about the time a restart or failover takes. */
const RETRY_AFTER_SECONDS = 5;
/** A batch that lost a deadlock or serialization race is run again this many times. */
const TRANSACTION_ATTEMPTS = 5;

/** Converts a client error meaning "the server is away" into a 503; anything else stays as it is. */
function unavailable(err: unknown): unknown {
  if (err instanceof DependencyUnavailableError) return err;
  if (isTransientDatabaseError(err) || isRetryableTransactionError(err)) {
    return new DependencyUnavailableError('database', RETRY_AFTER_SECONDS, String((err as { code?: unknown }).code ?? 'connection'));
  }
  return err;
}

export class PostgresStore implements Store {
  readonly shared = true;
  private constructor(
    private readonly pool: pg.Pool,
    private readonly s: string,
  ) {}

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = options.schema ?? 'taskshare';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      // A database that hangs (not refuses) must not hold requests for ever.
      statement_timeout: 30_000,
    });
    pool.on('error', () => undefined); // an idle client's error surfaces on the next query instead
    try {
      await migrate(pool, schema);
    } catch (err) {
      await pool.end().catch(() => undefined); // an unreachable server must not leave the pool retrying
      throw err;
    }
    return new PostgresStore(pool, schema);
  }

  /** A pool query whose connection failures are 503s. */
  private async q<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (err) {
      throw unavailable(err);
    }
  }

  /**
   * A client of the pool, for several statements. A checked-out client has no error listener of the
   * pool's, and one the server drops (shut down, failover) would emit an unhandled 'error' and end the
   * process; the failure reaches us anyway as its query's rejection.
   */
  private async checkout(): Promise<pg.PoolClient & { done(err?: Error): void }> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw unavailable(err);
    }
    const ignore = () => undefined;
    client.on('error', ignore);
    return Object.assign(client, {
      done: (err?: Error) => {
        client.removeListener('error', ignore);
        client.release(err);
      },
    });
  }

  /** Runs `body` in one transaction; a deadlock or serialization failure runs it again (it was rolled back whole). */
  private async transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.checkout();
      try {
        await client.query('BEGIN');
        const result = await body(client);
        await client.query('COMMIT');
        client.done();
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        // A broken connection is not put back into the pool.
        client.done(isTransientDatabaseError(err) ? (err as Error) : undefined);
        if (isRetryableTransactionError(err) && attempt < TRANSACTION_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20 * attempt));
          continue;
        }
        throw unavailable(err);
      }
    }
  }

  /** Counted in the same transaction as the rollup change, so a reader that sees the new version sees the data. */
  private bumpVersion(client: pg.PoolClient): Promise<unknown> {
    // Last statement of the transaction: its row lock is held only until the commit right after.
    return client.query(`UPDATE ${this.s}.data_version SET version = version + 1 WHERE id = 1`);
  }

  async insertEvents(events: readonly StoredEvent[]): Promise<InsertResult> {
    if (events.length === 0) return { accepted: 0, duplicates: 0, acceptedByDay: {} };
    const unique = new Map<string, StoredEvent>();
    for (const e of events) if (!unique.has(e.id)) unique.set(e.id, e);
    // Sorted by id: two batches sharing ids (a retry through another server) then take the index locks in one order.
    const rows = [...unique.values()].sort((a, b) => compare(a.id, b.id));
    return this.transaction(async (client) => {
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO ${this.s}.events
         SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[],
           $9::text[], $10::float8[], $11::float8[])
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          rows.map((e) => e.id),
          rows.map((e) => e.day),
          rows.map((e) => e.tag),
          rows.map((e) => e.model),
          rows.map((e) => e.promptTokens),
          rows.map((e) => e.completionTokens),
          rows.map((e) => e.userHash),
          rows.map((e) => e.app),
          rows.map((e) => e.classifierVersion),
          rows.map((e) => e.confidence),
          rows.map((e) => e.cost),
        ],
      );
      const fresh = inserted.rows.map(({ id }) => eventFor(unique, id));
      const g = rollupGroups(fresh); // in (day, tag, model, app) order: see rollupGroups
      if (g.length > 0) {
        // Token sums travel as decimal text: they may exceed what a JavaScript number holds exactly.
        await client.query(
          `INSERT INTO ${this.s}.daily_rollups
           SELECT day, tag, model, app, requests, p, c, sq, cost, cost_requests
           FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::numeric[], $7::numeric[], $8::float8[],
             $9::float8[], $10::bigint[]) WITH ORDINALITY AS u(day, tag, model, app, requests, p, c, sq, cost, cost_requests, n)
           ORDER BY n
           ON CONFLICT (day, tag, model, app) DO UPDATE SET
             requests = daily_rollups.requests + excluded.requests,
             prompt_tokens = daily_rollups.prompt_tokens + excluded.prompt_tokens,
             completion_tokens = daily_rollups.completion_tokens + excluded.completion_tokens,
             token_squares = daily_rollups.token_squares + excluded.token_squares,
             cost = daily_rollups.cost + excluded.cost,
             cost_requests = daily_rollups.cost_requests + excluded.cost_requests`,
          [
            g.map((x) => x.day),
            g.map((x) => x.tag),
            g.map((x) => x.model),
            g.map((x) => x.app),
            g.map((x) => x.requests),
            g.map((x) => x.promptTokens.toString()),
            g.map((x) => x.completionTokens.toString()),
            g.map((x) => x.tokenSquares),
            g.map((x) => x.cost),
            g.map((x) => x.costRequests),
          ],
        );
        const v = versionGroups(fresh);
        await client.query(
          `INSERT INTO ${this.s}.daily_classifier_versions
           SELECT day, version, requests FROM unnest($1::date[], $2::text[], $3::bigint[]) WITH ORDINALITY AS u(day, version, requests, n)
           ORDER BY n
           ON CONFLICT (day, version) DO UPDATE SET requests = daily_classifier_versions.requests + excluded.requests`,
          [v.map((x) => x.day), v.map((x) => x.version), v.map((x) => x.requests)],
        );
        await this.bumpVersion(client);
      }
      return { accepted: fresh.length, duplicates: events.length - fresh.length, acceptedByDay: countByDay(fresh) };
    });
  }

  /** Changes whenever the rollups change, from any server: read cheaply before serving a cached snapshot. */
  async dataVersion(): Promise<string> {
    const result = await this.q<{ version: string }>(`SELECT version FROM ${this.s}.data_version WHERE id = 1`);
    return String(result.rows[0]?.version ?? '0');
  }

  /**
   * Runs `body` while no other server sharing this schema runs one under the same name (a session
   * advisory lock): for first-start work such as creating the bootstrap keys once.
   */
  async exclusive<T>(name: string, body: () => Promise<T>): Promise<T> {
    const client = await this.checkout();
    const key = `taskshare:${this.s}:${name}`;
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
      try {
        return await body();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
      }
    } finally {
      client.done();
    }
  }

  async rollups(from: string, to: string, filter?: RollupFilter): Promise<RollupRow[]> {
    const result = await this.q(
      `SELECT tag, model, ${SUMS} FROM ${this.s}.daily_rollups
       WHERE day BETWEEN $1::date AND $2::date AND ${appIs(3)} GROUP BY tag, model`,
      [from, to, appOf(filter)],
    );
    return result.rows.map(toRollupRow);
  }

  async tagDailyRollups(from: string, to: string, filter?: RollupFilter): Promise<TagDayRow[]> {
    const result = await this.q<{ day: string; tag: string; requests: string; tokens: string; cost: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, tag, sum(requests)::float8 AS requests,
         sum(prompt_tokens + completion_tokens)::float8 AS tokens, sum(cost)::float8 AS cost
       FROM ${this.s}.daily_rollups WHERE day BETWEEN $1::date AND $2::date AND ${appIs(3)} GROUP BY day, tag`,
      [from, to, appOf(filter)],
    );
    return result.rows.map((r) => ({
      day: r.day,
      tag: r.tag,
      requests: Number(r.requests),
      tokens: Number(r.tokens),
      cost: Number(r.cost),
    }));
  }

  async topRollups(from: string, to: string, topModels: number, filter?: RollupFilter): Promise<RollupRow[]> {
    const result = await this.q(
      `WITH m AS (
         SELECT tag, model, sum(requests) AS requests, sum(prompt_tokens + completion_tokens) AS tokens,
           sum(token_squares) AS token_squares, sum(cost) AS cost, sum(cost_requests) AS cost_requests
         FROM ${this.s}.daily_rollups WHERE day BETWEEN $1::date AND $2::date AND ${appIs(4)} GROUP BY tag, model),
       ranked AS (
         SELECT *, row_number() OVER (PARTITION BY tag, model = '' ORDER BY requests DESC, model COLLATE "C") AS rank FROM m)
       SELECT tag, CASE WHEN model <> '' AND rank <= $3 THEN model ELSE '' END AS model,
         sum(requests)::float8 AS requests, sum(tokens)::float8 AS tokens, sum(token_squares)::float8 AS token_squares,
         sum(cost)::float8 AS cost, sum(cost_requests)::float8 AS cost_requests
       FROM ranked GROUP BY 1, 2`,
      [from, to, topModels, appOf(filter)],
    );
    return result.rows.map(toRollupRow);
  }

  async apps(from: string, to: string): Promise<string[]> {
    const result = await this.q<{ app: string }>(
      `SELECT app FROM ${this.s}.daily_rollups WHERE day BETWEEN $1::date AND $2::date AND app <> '' GROUP BY app ORDER BY app COLLATE "C"`,
      [from, to],
    );
    return result.rows.map((r) => r.app);
  }

  async classifierVersions(from: string, to: string): Promise<string[]> {
    const result = await this.q<{ version: string }>(
      `SELECT version FROM ${this.s}.daily_classifier_versions WHERE day BETWEEN $1::date AND $2::date
       GROUP BY version ORDER BY version COLLATE "C"`,
      [from, to],
    );
    return result.rows.map((r) => r.version);
  }

  async userCounts(from: string, to: string, filter?: RollupFilter): Promise<UserCounts> {
    const result = await this.q(
      `SELECT tag, model, count(DISTINCT user_hash)::float8 AS users, GROUPING(model) AS whole_tag
       FROM (SELECT tag, coalesce(model, '') AS model, user_hash FROM ${this.s}.events
             WHERE day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR coalesce(app, '') = $3::text)) e
       GROUP BY GROUPING SETS ((tag, model), (tag))`,
      [from, to, appOf(filter)],
    );
    return toUserCounts(result.rows);
  }

  async countEvents(): Promise<number> {
    const result = await this.q<{ n: string }>(`SELECT count(*) AS n FROM ${this.s}.events`);
    return Number(result.rows[0]?.n ?? 0);
  }

  async pruneEvents(beforeDay: string, keep?: EventPrefixes): Promise<number> {
    const result = keep
      ? await this.q(
          `DELETE FROM ${this.s}.events WHERE day < $1::date AND NOT coalesce(starts_with(id, $2) AND starts_with(app, $3), false)`,
          [beforeDay, keep.idPrefix, keep.appPrefix],
        )
      : await this.q(`DELETE FROM ${this.s}.events WHERE day < $1::date`, [beforeDay]);
    return result.rowCount ?? 0;
  }

  async removeEvents(match: EventPrefixes): Promise<number> {
    const params = [match.idPrefix, match.appPrefix];
    const matches = 'starts_with(id, $1) AND starts_with(app, $2)';
    return this.transaction(async (client) => {
      await client.query(
        `UPDATE ${this.s}.daily_rollups r SET requests = r.requests - d.requests, prompt_tokens = r.prompt_tokens - d.p,
           completion_tokens = r.completion_tokens - d.c, token_squares = greatest(0, r.token_squares - d.sq),
           cost = greatest(0, r.cost - d.cost), cost_requests = r.cost_requests - d.cost_requests
         FROM (SELECT day, tag, coalesce(model, '') AS model, coalesce(app, '') AS app, count(*) AS requests,
                 sum(prompt_tokens) AS p, sum(completion_tokens) AS c,
                 sum((prompt_tokens + completion_tokens)::float8 * (prompt_tokens + completion_tokens)) AS sq,
                 coalesce(sum(cost), 0) AS cost, count(cost) AS cost_requests
               FROM ${this.s}.events WHERE ${matches} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4) d
         WHERE r.day = d.day AND r.tag = d.tag AND r.model = d.model AND r.app = d.app`,
        params,
      );
      await client.query(`DELETE FROM ${this.s}.daily_rollups WHERE requests <= 0`);
      await client.query(
        `UPDATE ${this.s}.daily_classifier_versions v SET requests = v.requests - d.requests
         FROM (SELECT day, classifier_version AS version, count(*) AS requests FROM ${this.s}.events WHERE ${matches}
               GROUP BY 1, 2 ORDER BY 1, 2) d
         WHERE v.day = d.day AND v.version = d.version`,
        params,
      );
      await client.query(`DELETE FROM ${this.s}.daily_classifier_versions WHERE requests <= 0`);
      const removed = await client.query(`DELETE FROM ${this.s}.events WHERE ${matches}`, params);
      await this.bumpVersion(client);
      return removed.rowCount ?? 0;
    });
  }

  async getMeta(name: string): Promise<string | undefined> {
    const result = await this.q<{ value: string }>(`SELECT value FROM ${this.s}.meta WHERE name = $1`, [name]);
    return result.rows[0]?.value;
  }

  async setMeta(name: string, value: string): Promise<void> {
    await this.q(`INSERT INTO ${this.s}.meta VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value`, [name, value]);
  }

  async createKey(record: ApiKeyRecord, hash: string): Promise<void> {
    await this.q(`INSERT INTO ${this.s}.api_keys VALUES ($1, $2, $3, $4, $5, $6, NULL)`, [
      record.id,
      record.account,
      record.prefix,
      hash,
      record.scopes.join(','),
      record.createdAt,
    ]);
  }

  async findKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const result = await this.q(`SELECT * FROM ${this.s}.api_keys WHERE hash = $1`, [hash]);
    return result.rows[0] ? toKeyRecord(result.rows[0]) : undefined;
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    const result = await this.q(`SELECT * FROM ${this.s}.api_keys ORDER BY created_at, id`);
    return result.rows.map(toKeyRecord);
  }

  async revokeKey(id: string): Promise<boolean> {
    const found = await this.q(`SELECT 1 FROM ${this.s}.api_keys WHERE id = $1`, [id]);
    if (found.rowCount === 0) return false;
    await this.q(`UPDATE ${this.s}.api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [id, new Date().toISOString()]);
    return true;
  }

  async ping(): Promise<void> {
    await this.q('SELECT 1');
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Raw SQL, for tests and one-off maintenance only; `{s}` stands for this store's schema. */
  async execute(sql: string, params: unknown[] = []): Promise<void> {
    await this.pool.query(sql.replaceAll('{s}', this.s), params);
  }

  /** Drops the schema and everything in it: for tests. */
  async dropSchema(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS ${this.s} CASCADE`);
  }
}

/** Applies the missing migrations under an advisory lock, so servers starting at once take turns. */
async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  client.on('error', () => undefined); // see checkout(): a dropped connection fails the query instead
  const lock = `taskshare:${schema}:migrations`;
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lock]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${schema}.${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at ` +
          `TIMESTAMPTZ NOT NULL DEFAULT now())`,
      );
      const list = migrations(schema);
      await runMigrations(
        {
          where: `PostgreSQL (schema ${schema})`,
          appliedVersions: async () =>
            (await client.query<{ version: number }>(`SELECT version FROM ${schema}.${MIGRATIONS_TABLE}`)).rows.map((r) =>
              Number(r.version),
            ),
          apply: async (m) => {
            await client.query('BEGIN');
            try {
              for (const sql of m.statements) await client.query(sql);
              await client.query(`INSERT INTO ${schema}.${MIGRATIONS_TABLE} (version, description) VALUES ($1, $2)`, [
                m.version,
                m.description,
              ]);
              await client.query('COMMIT');
            } catch (err) {
              await client.query('ROLLBACK').catch(() => undefined);
              throw err;
            }
          },
        },
        list,
      );
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lock]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
