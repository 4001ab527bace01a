/**
 * The store for scale: PostgreSQL, shared by several taskshare servers. Batches go in as arrays
 * (`unnest`), so one batch is three statements whatever its size; the primary key decides duplicates,
 * also between servers writing at once.
 */
import pg from 'pg';
import type { RollupRow } from '../../shares/types.ts';
import type { ApiKeyRecord, EventPrefixes, InsertResult, Store, StoredEvent } from '../interface.ts';
import { toKeyRecord } from '../key-record.ts';
import { countByDay, eventFor, rollupGroups } from '../rollup-groups.ts';
import { migrateSql, schemaSql } from './schema.ts';

export interface PostgresStoreOptions {
  url: string;
  /** A schema of its own, so several deployments (or tests) can share one database. */
  schema?: string;
  poolSize?: number;
}

export class PostgresStore implements Store {
  private constructor(private readonly pool: pg.Pool, private readonly s: string) {}

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = options.schema ?? 'taskshare';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    pool.on('error', () => undefined); // an idle client's error surfaces on the next query instead
    try {
      for (const sql of schemaSql(schema)) await pool.query(sql);
      await pool.query(migrateSql(schema));
    } catch (err) {
      await pool.end().catch(() => undefined); // an unreachable server must not leave the pool retrying
      throw err;
    }
    return new PostgresStore(pool, schema);
  }

  async insertEvents(events: readonly StoredEvent[]): Promise<InsertResult> {
    if (events.length === 0) return { accepted: 0, duplicates: 0, acceptedByDay: {} };
    const unique = new Map<string, StoredEvent>();
    for (const e of events) if (!unique.has(e.id)) unique.set(e.id, e);
    const rows = [...unique.values()];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO ${this.s}.events
         SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::float8[])
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [rows.map((e) => e.id), rows.map((e) => e.day), rows.map((e) => e.tag), rows.map((e) => e.model), rows.map((e) => e.promptTokens),
          rows.map((e) => e.completionTokens), rows.map((e) => e.userHash), rows.map((e) => e.app), rows.map((e) => e.classifierVersion), rows.map((e) => e.confidence)],
      );
      const fresh = inserted.rows.map(({ id }) => eventFor(unique, id));
      const g = rollupGroups(fresh);
      // Token sums travel as decimal text: they may exceed what a JavaScript number holds exactly.
      await client.query(
        `INSERT INTO ${this.s}.daily_rollups
         SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::bigint[], $5::numeric[], $6::numeric[])
         ON CONFLICT (day, tag, model) DO UPDATE SET
           requests = daily_rollups.requests + excluded.requests,
           prompt_tokens = daily_rollups.prompt_tokens + excluded.prompt_tokens,
           completion_tokens = daily_rollups.completion_tokens + excluded.completion_tokens`,
        [g.map((x) => x.day), g.map((x) => x.tag), g.map((x) => x.model), g.map((x) => x.requests),
          g.map((x) => x.promptTokens.toString()), g.map((x) => x.completionTokens.toString())],
      );
      await client.query('COMMIT');
      return { accepted: fresh.length, duplicates: events.length - fresh.length, acceptedByDay: countByDay(fresh) };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async rollups(from: string, to: string): Promise<RollupRow[]> {
    const result = await this.pool.query<{ tag: string; model: string; requests: string; tokens: string }>(
      `SELECT tag, model, sum(requests)::float8 AS requests, sum(prompt_tokens + completion_tokens)::float8 AS tokens
       FROM ${this.s}.daily_rollups WHERE day BETWEEN $1::date AND $2::date GROUP BY tag, model`,
      [from, to],
    );
    return result.rows.map((r) => ({ tag: r.tag, model: r.model === '' ? null : r.model, requests: Number(r.requests), tokens: Number(r.tokens) }));
  }

  async countEvents(): Promise<number> {
    const result = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.s}.events`);
    return Number(result.rows[0]?.n ?? 0);
  }

  async pruneEvents(beforeDay: string, keep?: EventPrefixes): Promise<number> {
    const result = keep
      ? await this.pool.query(`DELETE FROM ${this.s}.events WHERE day < $1::date AND NOT coalesce(starts_with(id, $2) AND starts_with(app, $3), false)`, [beforeDay, keep.idPrefix, keep.appPrefix])
      : await this.pool.query(`DELETE FROM ${this.s}.events WHERE day < $1::date`, [beforeDay]);
    return result.rowCount ?? 0;
  }

  async removeEvents(match: EventPrefixes): Promise<number> {
    const params = [match.idPrefix, match.appPrefix];
    const matches = 'starts_with(id, $1) AND starts_with(app, $2)';
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `UPDATE ${this.s}.daily_rollups r SET requests = r.requests - d.requests, prompt_tokens = r.prompt_tokens - d.p, completion_tokens = r.completion_tokens - d.c
         FROM (SELECT day, tag, coalesce(model, '') AS model, count(*) AS requests, sum(prompt_tokens) AS p, sum(completion_tokens) AS c
               FROM ${this.s}.events WHERE ${matches} GROUP BY 1, 2, 3) d
         WHERE r.day = d.day AND r.tag = d.tag AND r.model = d.model`,
        params,
      );
      await client.query(`DELETE FROM ${this.s}.daily_rollups WHERE requests <= 0`);
      const removed = await client.query(`DELETE FROM ${this.s}.events WHERE ${matches}`, params);
      await client.query('COMMIT');
      return removed.rowCount ?? 0;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async getMeta(name: string): Promise<string | undefined> {
    const result = await this.pool.query<{ value: string }>(`SELECT value FROM ${this.s}.meta WHERE name = $1`, [name]);
    return result.rows[0]?.value;
  }

  async setMeta(name: string, value: string): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.s}.meta VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value`, [name, value]);
  }

  async createKey(record: ApiKeyRecord, hash: string): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.s}.api_keys VALUES ($1, $2, $3, $4, $5, $6, NULL)`, [
      record.id, record.account, record.prefix, hash, record.scopes.join(','), record.createdAt,
    ]);
  }

  async findKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const result = await this.pool.query(`SELECT * FROM ${this.s}.api_keys WHERE hash = $1`, [hash]);
    return result.rows[0] ? toKeyRecord(result.rows[0]) : undefined;
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    const result = await this.pool.query(`SELECT * FROM ${this.s}.api_keys ORDER BY created_at, id`);
    return result.rows.map(toKeyRecord);
  }

  async revokeKey(id: string): Promise<boolean> {
    const found = await this.pool.query(`SELECT 1 FROM ${this.s}.api_keys WHERE id = $1`, [id]);
    if (found.rowCount === 0) return false;
    await this.pool.query(`UPDATE ${this.s}.api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [id, new Date().toISOString()]);
    return true;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
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
