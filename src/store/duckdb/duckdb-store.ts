/**
 * The embedded default store: one DuckDB file, owned by one process (DuckDB allows one writer process).
 * Writes go through one connection, one batch at a time; reads use a second connection and see only
 * committed data.
 */
import { join } from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { RollupRow, TagDayRow } from '../../shares/types.ts';
import { Mutex } from '../../util/mutex.ts';
import { makePrivateDir, withPrivateUmask } from '../../util/private-dir.ts';
import type { ApiKeyRecord, EventPrefixes, InsertResult, RollupFilter, Store, StoredEvent, UserCounts } from '../interface.ts';
import { toKeyRecord } from '../key-record.ts';
import { MIGRATIONS_TABLE, runMigrations } from '../migrations.ts';
import { countByDay, eventFor, rollupGroups, toRollupRow, toUserCounts, versionGroups } from '../rollup-groups.ts';
import { MIGRATIONS, STAGE_EVENTS, STAGE_ROLLUPS, STAGE_VERSIONS } from './schema.ts';

export interface DuckDbStoreOptions {
  /** A directory for `taskshare.duckdb`, or ':memory:' for a throwaway store. */
  dataDir: string;
  /**
   * DuckDB's memory limit to start with (default '64MB'). It bounds the buffer pool: past it, DuckDB
   * evicts table and index blocks to its file and spills temporaries. An insert that still does not fit
   * (a large batch into a large primary-key index) doubles the limit, up to `memoryLimitMax`, and is
   * retried, so a small limit costs memory only when it is needed.
   */
  memoryLimit?: string;
  /** The most the limit may grow to (default '1GB'). */
  memoryLimitMax?: string;
  /** Told when the limit grows. */
  onMemoryLimitRaised?: (bytes: number) => void;
}

export const DEFAULT_MEMORY_LIMIT = '64MB';
export const DEFAULT_MEMORY_LIMIT_MAX = '1GB';
const MiB = 1_048_576;
const UNITS: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: MiB, gib: 1024 * MiB };

/** '64MB', '1.5GiB' -> bytes (DuckDB's units: MB is 1000^2, MiB 1024^2). */
export function parseMemorySize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB|KiB|MiB|GiB)$/i.exec(text.trim());
  if (!m) throw new Error(`Not a memory size: ${JSON.stringify(text)} (e.g. 64MB, 1GB)`);
  return Math.round(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
}

// DuckDB says so in two ways: a query's 'Out of Memory Error', and an appender's 'Failed to append: could not allocate block'.
const isOutOfMemory = (err: unknown) => err instanceof Error && /^Out of Memory Error|could not allocate block/.test(err.message);

/** Events whose id starts with $1 and whose app starts with $2 (no LIKE: a prefix is matched as it is). */
const MATCHES = 'starts_with(id, $1) AND starts_with(app, $2)';
/** What the matching events added to each rollup row. */
const REMOVED = `SELECT day, tag, coalesce(model, '') AS model, coalesce(app, '') AS app, count(*) AS requests,
  sum(prompt_tokens) AS p, sum(completion_tokens) AS c,
  sum((prompt_tokens + completion_tokens)::DOUBLE * (prompt_tokens + completion_tokens)) AS sq,
  coalesce(sum(cost), 0) AS cost, count(cost) AS cost_requests
  FROM events WHERE ${MATCHES} GROUP BY ALL`;

const appendNullable = (a: DuckDBAppender, v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));

/** `$n` matches the filter's app, or everything when it is NULL. */
const appIs = (n: number) => `($${n}::VARCHAR IS NULL OR app = $${n}::VARCHAR)`;
const appOf = (filter?: RollupFilter) => filter?.app ?? null;

/** The sums every rollup read returns, over rows of daily_rollups. */
const SUMS = `sum(requests)::DOUBLE AS requests, sum(prompt_tokens + completion_tokens)::DOUBLE AS tokens,
  sum(token_squares)::DOUBLE AS token_squares, sum(cost)::DOUBLE AS cost, sum(cost_requests)::DOUBLE AS cost_requests`;

export class DuckDbStore implements Store {
  /** One process owns the file: nothing to share with other servers. */
  readonly shared = false;
  private readonly writes = new Mutex();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
    private memoryLimit: number,
    private readonly memoryLimitMax: number,
    private readonly onMemoryLimitRaised: (bytes: number) => void,
  ) {}

  static async open(options: DuckDbStoreOptions): Promise<DuckDbStore> {
    let path = ':memory:';
    if (options.dataDir !== ':memory:') {
      makePrivateDir(options.dataDir);
      path = join(options.dataDir, 'taskshare.duckdb');
    }
    // DuckDB's own default is 80% of the machine's memory: far more than a sidecar service should take.
    const limit = parseMemorySize(options.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
    const max = Math.max(limit, parseMemorySize(options.memoryLimitMax ?? DEFAULT_MEMORY_LIMIT_MAX));
    // The file holds key and user hashes: created 0600, not 0644.
    const instance = await withPrivateUmask(() => DuckDBInstance.create(path, { memory_limit: `${Math.ceil(limit / MiB)}MiB` }));
    const writer = await instance.connect();
    try {
      await migrate(writer, path);
    } catch (err) {
      writer.closeSync();
      instance.closeSync();
      throw err;
    }
    const reader = await instance.connect();
    return new DuckDbStore(instance, writer, reader, limit, max, options.onMemoryLimitRaised ?? (() => undefined));
  }

  /** The memory limit DuckDB runs under now, in bytes. */
  get currentMemoryLimit(): number {
    return this.memoryLimit;
  }

  insertEvents(events: readonly StoredEvent[]): Promise<InsertResult> {
    if (events.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0, acceptedByDay: {} });
    return this.writes.run(async () => {
      for (;;) {
        try {
          return await this.insertBatch(events);
        } catch (err) {
          // The batch was rolled back whole; with room to grow, retry it under a doubled limit.
          if (!isOutOfMemory(err) || this.memoryLimit >= this.memoryLimitMax) throw err;
          this.memoryLimit = Math.min(this.memoryLimitMax, this.memoryLimit * 2);
          await this.writer.run(`SET memory_limit = '${Math.ceil(this.memoryLimit / MiB)}MiB'`);
          this.onMemoryLimitRaised(this.memoryLimit);
        }
      }
    });
  }

  /** One batch in one transaction; the caller holds the write lock. */
  private async insertBatch(events: readonly StoredEvent[]): Promise<InsertResult> {
    const unique = new Map<string, StoredEvent>();
    for (const e of events) if (!unique.has(e.id)) unique.set(e.id, e);
    await this.stageEvents(unique.values());
    await this.writer.run('BEGIN TRANSACTION');
    try {
      // RETURNING yields only the rows that were new: the primary key decides what is a duplicate.
      const inserted = await this.writer.runAndReadAll(
        'INSERT INTO events SELECT * FROM staging_events ON CONFLICT DO NOTHING RETURNING id',
      );
      const fresh = (inserted.getColumns()[0] ?? []).map((id) => eventFor(unique, id));
      await this.stageRollups(fresh);
      await this.writer.run(
        `INSERT INTO daily_rollups SELECT * FROM staging_rollups
         ON CONFLICT (day, tag, model, app) DO UPDATE SET
           requests = daily_rollups.requests + excluded.requests,
           prompt_tokens = daily_rollups.prompt_tokens + excluded.prompt_tokens,
           completion_tokens = daily_rollups.completion_tokens + excluded.completion_tokens,
           token_squares = daily_rollups.token_squares + excluded.token_squares,
           cost = daily_rollups.cost + excluded.cost,
           cost_requests = daily_rollups.cost_requests + excluded.cost_requests`,
      );
      await this.stageVersions(fresh);
      await this.writer.run(
        `INSERT INTO daily_classifier_versions SELECT * FROM staging_versions
         ON CONFLICT (day, version) DO UPDATE SET requests = daily_classifier_versions.requests + excluded.requests`,
      );
      await this.writer.run('COMMIT');
      return { accepted: fresh.length, duplicates: events.length - fresh.length, acceptedByDay: countByDay(fresh) };
    } catch (err) {
      await this.writer.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  private async stageEvents(events: Iterable<StoredEvent>): Promise<void> {
    await this.writer.run(STAGE_EVENTS);
    const a = await this.writer.createAppender('staging_events', 'main', 'temp');
    for (const e of events) {
      a.appendVarchar(e.id);
      a.appendVarchar(e.day); // DuckDB casts the text to DATE
      a.appendVarchar(e.tag);
      appendNullable(a, e.model);
      a.appendBigInt(BigInt(e.promptTokens));
      a.appendBigInt(BigInt(e.completionTokens));
      appendNullable(a, e.userHash);
      appendNullable(a, e.app);
      a.appendVarchar(e.classifierVersion);
      a.appendDouble(e.confidence);
      if (e.cost === null) a.appendNull();
      else a.appendDouble(e.cost);
      a.endRow();
    }
    a.closeSync();
  }

  private async stageRollups(fresh: StoredEvent[]): Promise<void> {
    await this.writer.run(STAGE_ROLLUPS);
    const a = await this.writer.createAppender('staging_rollups', 'main', 'temp');
    for (const g of rollupGroups(fresh)) {
      a.appendVarchar(g.day);
      a.appendVarchar(g.tag);
      a.appendVarchar(g.model);
      a.appendVarchar(g.app);
      a.appendBigInt(BigInt(g.requests));
      a.appendHugeInt(g.promptTokens);
      a.appendHugeInt(g.completionTokens);
      a.appendDouble(g.tokenSquares);
      a.appendDouble(g.cost);
      a.appendBigInt(BigInt(g.costRequests));
      a.endRow();
    }
    a.closeSync();
  }

  private async stageVersions(fresh: StoredEvent[]): Promise<void> {
    await this.writer.run(STAGE_VERSIONS);
    const a = await this.writer.createAppender('staging_versions', 'main', 'temp');
    for (const g of versionGroups(fresh)) {
      a.appendVarchar(g.day);
      a.appendVarchar(g.version);
      a.appendBigInt(BigInt(g.requests));
      a.endRow();
    }
    a.closeSync();
  }

  async rollups(from: string, to: string, filter?: RollupFilter): Promise<RollupRow[]> {
    const result = await this.reader.runAndReadAll(
      `SELECT tag, model, ${SUMS} FROM daily_rollups WHERE day BETWEEN $1::DATE AND $2::DATE AND ${appIs(3)} GROUP BY tag, model`,
      [from, to, appOf(filter)],
    );
    return result.getRowObjects().map(toRollupRow);
  }

  async tagDailyRollups(from: string, to: string, filter?: RollupFilter): Promise<TagDayRow[]> {
    const result = await this.reader.runAndReadAll(
      `SELECT strftime(day, '%Y-%m-%d') AS day, tag, sum(requests)::DOUBLE AS requests,
         sum(prompt_tokens + completion_tokens)::DOUBLE AS tokens, sum(cost)::DOUBLE AS cost
       FROM daily_rollups WHERE day BETWEEN $1::DATE AND $2::DATE AND ${appIs(3)} GROUP BY day, tag`,
      [from, to, appOf(filter)],
    );
    return result.getRowObjects().map((r) => ({
      day: String(r.day),
      tag: String(r.tag),
      requests: Number(r.requests),
      tokens: Number(r.tokens),
      cost: Number(r.cost),
    }));
  }

  async topRollups(from: string, to: string, topModels: number, filter?: RollupFilter): Promise<RollupRow[]> {
    // See Store.topRollups; VARCHAR compares as bytes here, i.e. in code-point order.
    const result = await this.reader.runAndReadAll(
      `WITH m AS (
         SELECT tag, model, sum(requests) AS requests, sum(prompt_tokens + completion_tokens) AS tokens,
           sum(token_squares) AS token_squares, sum(cost) AS cost, sum(cost_requests) AS cost_requests
         FROM daily_rollups WHERE day BETWEEN $1::DATE AND $2::DATE AND ${appIs(4)} GROUP BY tag, model),
       ranked AS (
         SELECT *, row_number() OVER (PARTITION BY tag, model = '' ORDER BY requests DESC, model) AS rank FROM m)
       SELECT tag, CASE WHEN model <> '' AND rank <= $3 THEN model ELSE '' END AS model,
         sum(requests)::DOUBLE AS requests, sum(tokens)::DOUBLE AS tokens, sum(token_squares)::DOUBLE AS token_squares,
         sum(cost)::DOUBLE AS cost, sum(cost_requests)::DOUBLE AS cost_requests
       FROM ranked GROUP BY 1, 2`,
      [from, to, topModels, appOf(filter)],
    );
    return result.getRowObjects().map(toRollupRow);
  }

  async apps(from: string, to: string): Promise<string[]> {
    const result = await this.reader.runAndReadAll(
      `SELECT DISTINCT app FROM daily_rollups WHERE day BETWEEN $1::DATE AND $2::DATE AND app <> '' ORDER BY app`,
      [from, to],
    );
    return result.getRowObjects().map((r) => String(r.app));
  }

  async classifierVersions(from: string, to: string): Promise<string[]> {
    const result = await this.reader.runAndReadAll(
      `SELECT DISTINCT version FROM daily_classifier_versions WHERE day BETWEEN $1::DATE AND $2::DATE ORDER BY version`,
      [from, to],
    );
    return result.getRowObjects().map((r) => String(r.version));
  }

  async userCounts(from: string, to: string, filter?: RollupFilter): Promise<UserCounts> {
    const result = await this.reader.runAndReadAll(
      `SELECT tag, model, count(DISTINCT user_hash)::DOUBLE AS users, GROUPING(model) AS whole_tag
       FROM (SELECT tag, coalesce(model, '') AS model, user_hash FROM events
             WHERE day BETWEEN $1::DATE AND $2::DATE AND ($3::VARCHAR IS NULL OR coalesce(app, '') = $3::VARCHAR)) e
       GROUP BY GROUPING SETS ((tag, model), (tag))`,
      [from, to, appOf(filter)],
    );
    return toUserCounts(result.getRowObjects());
  }

  /** Raw SQL on the write connection, under the write lock, for tests and one-off maintenance only; `{s}` stands for the schema. */
  execute(sql: string, params: DuckDBValue[] = []): Promise<void> {
    return this.writes.run(async () => {
      await this.writer.run(sql.replaceAll('{s}', 'main'), params);
    });
  }

  async memoryBytes(): Promise<number> {
    const result = await this.reader.runAndReadAll('SELECT sum(memory_usage_bytes)::DOUBLE AS b FROM duckdb_memory()');
    return Number(result.getRowObjects()[0]?.b ?? 0);
  }

  async countEvents(): Promise<number> {
    const result = await this.reader.runAndReadAll('SELECT count(*)::DOUBLE AS n FROM events');
    return Number(result.getRowObjects()[0]?.n ?? 0);
  }

  pruneEvents(beforeDay: string, keep?: EventPrefixes): Promise<number> {
    return this.writes.run(async () => {
      const result = keep
        ? await this.writer.run(
            'DELETE FROM events WHERE day < $1::DATE AND NOT coalesce(starts_with(id, $2) AND starts_with(app, $3), false)',
            [beforeDay, keep.idPrefix, keep.appPrefix],
          )
        : await this.writer.run('DELETE FROM events WHERE day < $1::DATE', [beforeDay]);
      return Number(result.rowsChanged);
    });
  }

  removeEvents(match: EventPrefixes): Promise<number> {
    return this.writes.run(async () => {
      const params = [match.idPrefix, match.appPrefix];
      await this.writer.run('BEGIN TRANSACTION');
      try {
        // What the matching events added to each rollup row, taken away again.
        await this.writer.run(
          `UPDATE daily_rollups r SET requests = r.requests - d.requests, prompt_tokens = r.prompt_tokens - d.p,
             completion_tokens = r.completion_tokens - d.c, token_squares = greatest(0, r.token_squares - d.sq),
             cost = greatest(0, r.cost - d.cost), cost_requests = r.cost_requests - d.cost_requests
           FROM (${REMOVED}) d
           WHERE r.day = d.day AND r.tag = d.tag AND r.model = d.model AND r.app = d.app`,
          params,
        );
        await this.writer.run('DELETE FROM daily_rollups WHERE requests <= 0');
        await this.writer.run(
          `UPDATE daily_classifier_versions v SET requests = v.requests - d.requests
           FROM (SELECT day, classifier_version AS version, count(*) AS requests FROM events WHERE ${MATCHES} GROUP BY ALL) d
           WHERE v.day = d.day AND v.version = d.version`,
          params,
        );
        await this.writer.run('DELETE FROM daily_classifier_versions WHERE requests <= 0');
        const removed = await this.writer.run(`DELETE FROM events WHERE ${MATCHES}`, params);
        await this.writer.run('COMMIT');
        return Number(removed.rowsChanged);
      } catch (err) {
        await this.writer.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async getMeta(name: string): Promise<string | undefined> {
    const result = await this.reader.runAndReadAll('SELECT value FROM meta WHERE name = $1', [name]);
    const row = result.getRowObjects()[0];
    return row ? String(row.value) : undefined;
  }

  setMeta(name: string, value: string): Promise<void> {
    return this.writes.run(async () => {
      await this.writer.run('INSERT INTO meta VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
    });
  }

  createKey(record: ApiKeyRecord, hash: string): Promise<void> {
    return this.writes.run(async () => {
      await this.writer.run('INSERT INTO api_keys VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP, NULL)', [
        record.id,
        record.account,
        record.prefix,
        hash,
        record.scopes.join(','),
        record.createdAt,
      ]);
    });
  }

  async findKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const result = await this.reader.runAndReadAll('SELECT * FROM api_keys WHERE hash = $1', [hash]);
    const row = result.getRowObjects()[0];
    return row ? toKeyRecord(row) : undefined;
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    const result = await this.reader.runAndReadAll('SELECT * FROM api_keys ORDER BY created_at, id');
    return result.getRowObjects().map(toKeyRecord);
  }

  revokeKey(id: string): Promise<boolean> {
    return this.writes.run(async () => {
      const found = await this.writer.runAndReadAll('SELECT revoked_at FROM api_keys WHERE id = $1', [id]);
      if (found.currentRowCount === 0) return false;
      await this.writer.run('UPDATE api_keys SET revoked_at = $2::TIMESTAMP WHERE id = $1 AND revoked_at IS NULL', [
        id,
        new Date().toISOString(),
      ]);
      return true;
    });
  }

  async ping(): Promise<void> {
    await this.reader.run('SELECT 1');
  }

  private closed = false;

  async close(): Promise<void> {
    await this.writes.run(async () => {
      if (this.closed) return;
      this.closed = true;
      // A checkpoint folds the write-ahead log into the database file, so the next start is quick.
      await this.writer.run('CHECKPOINT').catch(() => undefined);
      this.writer.closeSync();
      this.reader.closeSync();
      this.instance.closeSync();
    });
  }
}

/** Applies the missing migrations; DuckDB lets one process open the file, so no lock is needed. */
async function migrate(writer: DuckDBConnection, path: string): Promise<void> {
  await writer.run(
    `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP ` +
      `NOT NULL DEFAULT current_timestamp)`,
  );
  await runMigrations(
    {
      where: `DuckDB (${path})`,
      appliedVersions: async () =>
        (await writer.runAndReadAll(`SELECT version FROM ${MIGRATIONS_TABLE}`)).getRowObjects().map((r) => Number(r.version)),
      apply: async (m) => {
        await writer.run('BEGIN TRANSACTION');
        try {
          for (const sql of m.statements) await writer.run(sql);
          await writer.run(`INSERT INTO ${MIGRATIONS_TABLE} (version, description) VALUES ($1, $2)`, [m.version, m.description]);
          await writer.run('COMMIT');
        } catch (err) {
          await writer.run('ROLLBACK').catch(() => undefined);
          throw err;
        }
      },
    },
    MIGRATIONS,
  );
}
