/**
 * The storage seam. The embedded DuckDB store implements it; every service sees only this.
 * What is kept per event is exactly what the shares need: no prompt or completion text, ever.
 *
 * @example
 * const { accepted, duplicates } = await store.insertEvents([event]);
 * const rows = await store.rollups('2026-06-11', '2026-06-17');
 */
import type { RollupRow, TagDayRow } from '../shares/types.ts';

export interface StoredEvent {
  /** Unique per request: a second event with the same id is a duplicate and counts nothing. */
  id: string;
  /** UTC day of the request, `YYYY-MM-DD`. */
  day: string;
  tag: string;
  model: string | null;
  /** At most MAX_TOKENS (10^9) each: the rollups are sized for that (see the stores' schema.ts). */
  promptTokens: number;
  completionTokens: number;
  /** A keyed hash of the end-user id, never the id itself. */
  userHash: string | null;
  app: string | null;
  classifierVersion: string;
  confidence: number;
  /** What the request cost, in the deployment's currency, when the gateway logged it. */
  cost: number | null;
}

/** Narrows every read to one app's requests ('' stands for requests that named none). */
export interface RollupFilter {
  app?: string;
}

/** Distinct end users over a window, counted from the raw events (the rollups keep no users). */
export interface UserCounts {
  /** Per `${tag}\u0000${model}` (model '' for unattributed requests). */
  byModel: Map<string, number>;
  byTag: Map<string, number>;
}

export interface InsertResult {
  accepted: number;
  duplicates: number;
  /** `accepted` per UTC day (`YYYY-MM-DD` -> events), so ingestion can say which fall outside the window. */
  acceptedByDay: Record<string, number>;
}

export type Scope = 'read' | 'ingest' | 'admin';
export const SCOPES: readonly Scope[] = ['read', 'ingest', 'admin'];

export interface ApiKeyRecord {
  id: string;
  account: string;
  /** The first characters of the key, to recognise it in a list; never enough to use it. */
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
}

export interface EventStore {
  /**
   * Stores new events and updates the daily rollups in one transaction: when it resolves, the events
   * are committed. Ids already stored (or repeated in the batch) count as duplicates. Text fields
   * must round-trip exactly (well-formed, no NUL or BOM: ingestion validates them), since the ids a
   * store returns as new are matched back to the batch.
   */
  insertEvents(events: readonly StoredEvent[]): Promise<InsertResult>;
  /** Rollups summed over the UTC days `from`..`to`, inclusive, one row per (tag, model). */
  rollups(from: string, to: string, filter?: RollupFilter): Promise<RollupRow[]>;
  /**
   * The same sums, cut in the database to what a snapshot needs: per tag, its `topModels` first models
   * (by requests, ties by id in code-point order) and one row with model null holding the rest
   * (unattributed requests and every model past the top). computeShares gives the same answer for
   * these rows as for all of them, but they are at most (topModels + 1) per tag, however many models.
   */
  topRollups(from: string, to: string, topModels: number, filter?: RollupFilter): Promise<RollupRow[]>;
  /** Rollups per UTC day and tag over `from`..`to` (all models summed): for a share history. */
  tagDailyRollups(from: string, to: string, filter?: RollupFilter): Promise<TagDayRow[]>;
  /** The apps that sent requests over `from`..`to` (not '': requests naming none), in code-point order. */
  apps(from: string, to: string): Promise<string[]>;
  /** The classifier versions that tagged requests over `from`..`to`, in code-point order. */
  classifierVersions(from: string, to: string): Promise<string[]>;
  /**
   * Distinct users per (tag, model) and per tag, from the raw events: exact over the retained days,
   * a lower bound for a window reaching past the retention. Requests without a user count none.
   */
  userCounts(from: string, to: string, filter?: RollupFilter): Promise<UserCounts>;
  countEvents(): Promise<number>;
  /**
   * Drops raw events older than `beforeDay`; rollups stay. Events matching `keep` stay too (the demo's,
   * so that removing it can subtract exactly what it added).
   */
  pruneEvents(beforeDay: string, keep?: EventPrefixes): Promise<number>;
  /**
   * Deletes the events whose id and app start with these prefixes and subtracts them from the rollups
   * (a rollup row left with no requests goes), in one transaction. Resolves to the events removed.
   */
  removeEvents(match: EventPrefixes): Promise<number>;
}

/** Events whose id starts with `idPrefix` and whose app starts with `appPrefix`. */
export interface EventPrefixes {
  idPrefix: string;
  appPrefix: string;
}

/** A few named values the server keeps with its data (e.g. whether the demo load completed). */
export interface MetaStore {
  getMeta(name: string): Promise<string | undefined>;
  setMeta(name: string, value: string): Promise<void>;
}

export interface KeyStore {
  createKey(record: ApiKeyRecord, hash: string): Promise<void>;
  findKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listKeys(): Promise<ApiKeyRecord[]>;
  /** False when no key has that id. Revoking twice keeps the first time. */
  revokeKey(id: string): Promise<boolean>;
}

export interface Store extends EventStore, KeyStore, MetaStore {
  /** Whether several servers may share this store (PostgreSQL): secrets and bootstrap keys then live in it. */
  readonly shared: boolean;
  /**
   * A value that changes whenever any server sharing the store changes the rollups (committed in the
   * same transaction), so a cached snapshot can tell it is stale. Absent: only this process writes.
   */
  dataVersion?(): Promise<string>;
  /** Runs `body` while no other server sharing the store runs one under `name` (first start work). */
  exclusive?<T>(name: string, body: () => Promise<T>): Promise<T>;
  /** Resolves when the store answers a trivial query; for readiness checks. */
  ping(): Promise<void>;
  /** Bytes the store holds in this process (an embedded store's caches and indexes), if it can tell. */
  memoryBytes?(): Promise<number>;
  close(): Promise<void>;
}
