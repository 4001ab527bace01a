/**
 * The rollup increments of a batch's new events, one per (day, tag, model, app), summed as BigInt: a
 * batch of any size with up to 10^9 tokens per field stays exact (a double would not past 2^53).
 * Token squares and cost are doubles: they feed intervals and spend shares, not exact counts.
 */
import type { RollupRow } from '../shares/types.ts';
import type { StoredEvent, UserCounts } from './interface.ts';

export interface RollupGroup {
  day: string;
  tag: string;
  /** '' for unattributed requests (a key column cannot be NULL). */
  model: string;
  /** '' for requests that named no app. */
  app: string;
  requests: number;
  promptTokens: bigint;
  completionTokens: bigint;
  tokenSquares: number;
  cost: number;
  costRequests: number;
}

export function rollupGroups(fresh: Iterable<StoredEvent>): RollupGroup[] {
  const groups = new Map<string, RollupGroup>();
  for (const e of fresh) {
    const model = e.model ?? '';
    const app = e.app ?? '';
    const key = `${e.day}\u0000${e.tag}\u0000${model}\u0000${app}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        day: e.day,
        tag: e.tag,
        model,
        app,
        requests: 0,
        promptTokens: 0n,
        completionTokens: 0n,
        tokenSquares: 0,
        cost: 0,
        costRequests: 0,
      };
      groups.set(key, g);
    }
    g.requests += 1;
    g.promptTokens += BigInt(e.promptTokens);
    g.completionTokens += BigInt(e.completionTokens);
    const tokens = e.promptTokens + e.completionTokens;
    g.tokenSquares += tokens * tokens;
    if (e.cost !== null) {
      g.cost += e.cost;
      g.costRequests += 1;
    }
  }
  // One global order (day, tag, model, app): concurrent batches that share groups then lock their rows
  // in the same order, so they wait for each other instead of deadlocking (PostgreSQL 40P01).
  return [...groups.values()].sort(
    (a, b) => compare(a.day, b.day) || compare(a.tag, b.tag) || compare(a.model, b.model) || compare(a.app, b.app),
  );
}

export interface VersionGroup {
  day: string;
  version: string;
  requests: number;
}

/** Requests per (day, classifier version), in that order: which classifier tagged each day. */
export function versionGroups(fresh: Iterable<StoredEvent>): VersionGroup[] {
  const groups = new Map<string, VersionGroup>();
  for (const e of fresh) {
    const key = `${e.day}\u0000${e.classifierVersion}`;
    const g = groups.get(key);
    if (g) g.requests += 1;
    else groups.set(key, { day: e.day, version: e.classifierVersion, requests: 1 });
  }
  return [...groups.values()].sort((a, b) => compare(a.day, b.day) || compare(a.version, b.version));
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

/** `${tag}\u0000${model}`: the key of UserCounts.byModel. */
export const userKey = (tag: string, model: string | null): string => `${tag}\u0000${model ?? ''}`;

/** Rows of (tag, model, users, whole_tag) as both stores read them. */
export function toUserCounts(rows: Array<Record<string, unknown>>): UserCounts {
  const counts: UserCounts = { byModel: new Map(), byTag: new Map() };
  for (const r of rows) {
    if (Number(r.whole_tag) === 1) counts.byTag.set(String(r.tag), Number(r.users));
    else counts.byModel.set(userKey(String(r.tag), r.model === '' ? null : String(r.model)), Number(r.users));
  }
  return counts;
}

/** A row of a rollup read, as both stores select it (model '' is unattributed). */
export const toRollupRow = (r: Record<string, unknown>): RollupRow => ({
  tag: String(r.tag),
  model: r.model === '' ? null : String(r.model),
  requests: Number(r.requests),
  tokens: Number(r.tokens),
  tokenSquares: Number(r.token_squares),
  cost: Number(r.cost),
  costRequests: Number(r.cost_requests),
});
