/**
 * The rollup increments of a batch's new events, one per (day, tag, model), summed as BigInt: a batch
 * of any size with up to 10^9 tokens per field stays exact (a double would not past 2^53).
 */
import type { StoredEvent } from './interface.ts';

export interface RollupGroup {
  day: string;
  tag: string;
  /** '' for unattributed requests (a key column cannot be NULL). */
  model: string;
  requests: number;
  promptTokens: bigint;
  completionTokens: bigint;
}

export function rollupGroups(fresh: Iterable<StoredEvent>): RollupGroup[] {
  const groups = new Map<string, RollupGroup>();
  for (const e of fresh) {
    const model = e.model ?? '';
    const key = `${e.day}\u0000${e.tag}\u0000${model}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { day: e.day, tag: e.tag, model, requests: 0, promptTokens: 0n, completionTokens: 0n }));
    g.requests += 1;
    g.promptTokens += BigInt(e.promptTokens);
    g.completionTokens += BigInt(e.completionTokens);
  }
  // One global order (day, tag, model): concurrent batches that share groups then lock their rows in
  // the same order, so they wait for each other instead of deadlocking (PostgreSQL 40P01).
  return [...groups.values()].sort((a, b) => compare(a.day, b.day) || compare(a.tag, b.tag) || compare(a.model, b.model));
}

/** Code-unit order, the same in every process (not locale-dependent like localeCompare). */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Accepted events per UTC day. */
export function countByDay(fresh: Iterable<StoredEvent>): Record<string, number> {
  const days: Record<string, number> = {};
  for (const e of fresh) days[e.day] = (days[e.day] ?? 0) + 1;
  return days;
}

/** The batch's event for an id the store returned as new; a miss means the store changed the id. */
export function eventFor(unique: ReadonlyMap<string, StoredEvent>, id: unknown): StoredEvent {
  const e = unique.get(String(id));
  if (!e) throw new Error('the store returned an event id that differs from the one inserted (text that does not round-trip)');
  return e;
}
