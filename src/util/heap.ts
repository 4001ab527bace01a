/**
 * V8 heap sizing for the server (TASKSHARE_LEAN_HEAP). V8 sizes its heap for throughput: the old
 * generation grows to up to 4x its live data when allocation is fast, and the young generation to
 * 2 x 16 MB. An ingest allocates megabytes of short-lived garbage per batch while the server's live data
 * stays small, so:
 * - `on` (default) grows the old generation only 30% past the live data;
 * - `max` also holds the young generation at its starting size (about 25 MB less while ingesting, but
 *   with 100 requests in flight the frequent scavenges cost about a fifth of the read throughput);
 * - `off` leaves V8 alone.
 * Holding the young generation only while ingest batches run does not work: V8 counts the bytes that
 * survived while it was held, and grows it to the maximum at once when it is let go.
 * The flags act on every later collection, so they can be set at run time, before the server starts
 * (loading it would already grow the young generation). Heap flags given in NODE_OPTIONS or on node's
 * command line win: then nothing here changes them.
 */
import v8 from 'node:v8';

export type LeanHeap = 'off' | 'on' | 'max';

export function applyLeanHeap(level: LeanHeap): void {
  const given = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`;
  if (level === 'off' || /--(heap-growing-percent|max-semi-space-size|semi-space-growth-factor)/.test(given)) return;
  v8.setFlagsFromString('--heap-growing-percent=30');
  if (level === 'max') v8.setFlagsFromString('--semi-space-growth-factor=1');
}
