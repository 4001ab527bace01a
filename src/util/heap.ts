/**
 * Memory policy of the server (TASKSHARE_LEAN_HEAP; the name predates its DuckDB part): how V8 sizes
 * its heap, and how soon DuckDB's allocator returns freed pages. V8 sizes its heap for throughput: the
 * old generation grows to up to 4x its live data when allocation is fast, and the young generation to
 * 2 x 16 MB. An ingest allocates megabytes of short-lived garbage per batch while the server's live data
 * stays small, so:
 * - `on` (default) grows the old generation only 30% past the live data, and has DuckDB's jemalloc
 *   return freed pages at once instead of after a one-second decay;
 * - `max` also holds the young generation at its starting size (about 25 MB less while ingesting, but
 *   with 100 requests in flight the frequent scavenges cost about a fifth of the read throughput);
 * - `off` changes nothing, in V8 or DuckDB.
 * Holding the young generation only while ingest batches run does not work: V8 counts the bytes that
 * survived while it was held, and grows it to the maximum at once when it is let go.
 * The flags act on every later collection, so they can be set at run time, before the server starts
 * (loading it would already grow the young generation). Heap flags given in NODE_OPTIONS or on node's
 * command line win: then the V8 flags are left alone (DuckDB's setting still applies).
 * Environment, not config: DuckDB's allocator reads only its environment variable.
 */
import v8 from 'node:v8';

export type LeanHeap = 'off' | 'on' | 'max';

/**
 * DuckDB's bundled jemalloc reads this variable once, when the native library loads: it must be set
 * before anything imports @duckdb/node-api. A value the user set wins.
 */
export const DUCKDB_ALLOCATOR_ENV = 'DUCKDB_JE_MALLOC_CONF';

export function applyLeanHeap(level: LeanHeap): void {
  if (level === 'off') return;
  // DuckDB keeps the pages it frees for a second before handing them back (its jemalloc decay); while
  // ingesting, that is tens of MB that nothing uses. Hand them back at once.
  process.env[DUCKDB_ALLOCATOR_ENV] ??= 'dirty_decay_ms:0,muzzy_decay_ms:0';
  const given = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`;
  if (/--(heap-growing-percent|max-semi-space-size|semi-space-growth-factor)/.test(given)) return;
  v8.setFlagsFromString('--heap-growing-percent=30');
  if (level === 'max') v8.setFlagsFromString('--semi-space-growth-factor=1');
}
