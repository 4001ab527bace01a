/**
 * The privacy threshold (TASKSHARE_MIN_USERS): a model within a tag is listed only when its requests
 * in the window come from at least that many distinct users; below it, its requests join the tag's
 * unattributed remainder (they stay in the tag's denominator, so the listed models' shares sum to at
 * most 1). A tag below it becomes `other`: out of every list and every denominator. Pure.
 */
import { OTHER_TAG } from '../taxonomy/index.ts';
import type { RollupRow } from './types.ts';

export interface UserCountsView {
  byModel: ReadonlyMap<string, number>;
  byTag: ReadonlyMap<string, number>;
}

export interface PrivacyFold {
  rows: RollupRow[];
  /** How many (tag, model) pairs were folded into their tag's remainder. */
  modelsFolded: number;
  /** How many tags moved to `other`. */
  tagsFolded: number;
}

const key = (tag: string, model: string | null) => `${tag}\u0000${model ?? ''}`;

function add(into: RollupRow, r: RollupRow): void {
  into.requests += r.requests;
  into.tokens += r.tokens;
  into.tokenSquares = (into.tokenSquares ?? 0) + (r.tokenSquares ?? (r.tokens * r.tokens) / Math.max(1, r.requests));
  into.cost = (into.cost ?? 0) + (r.cost ?? 0);
  into.costRequests = (into.costRequests ?? 0) + (r.costRequests ?? 0);
}

/** `rows` with every model and tag below `minUsers` folded; one row per (tag, model) in the result. */
export function foldBelowMinUsers(rows: Iterable<RollupRow>, users: UserCountsView, minUsers: number): PrivacyFold {
  const out = new Map<string, RollupRow>();
  const models = new Set<string>();
  const tags = new Set<string>();
  for (const r of rows) {
    if (r.requests <= 0) continue;
    let tag = r.tag;
    let model = r.model;
    if (tag !== OTHER_TAG && (users.byTag.get(tag) ?? 0) < minUsers) {
      tags.add(tag);
      tag = OTHER_TAG;
      model = null;
    } else if (model !== null && (users.byModel.get(key(tag, model)) ?? 0) < minUsers) {
      models.add(key(tag, model));
      model = null;
    }
    const k = key(tag, model);
    const into = out.get(k);
    if (into) add(into, r);
    else {
      const row: RollupRow = { tag, model, requests: 0, tokens: 0, tokenSquares: 0, cost: 0, costRequests: 0 };
      add(row, r);
      out.set(k, row);
    }
  }
  return { rows: [...out.values()], modelsFolded: models.size, tagsFolded: tags.size };
}
