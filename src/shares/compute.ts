/**
 * The share arithmetic: rollups in, the response out. Pure, so it is tested on hand-computed fixtures
 * and as properties. Shares are full doubles, never rounded, so sums that must be 1 are 1 within
 * floating-point error (well under 1e-9).
 */
import { MACRO_LABELS, type MacroCategory, OTHER_TAG, tagInfo } from '../taxonomy/index.ts';
import type { MacroCategoryItem, ModelShare, RollupRow, TaskClassificationItem, TaskClassificationResponse } from './types.ts';

export interface ComputeOptions {
  asOf: string;
  windowDays: number;
  topModels: number;
}

interface TagTotals {
  requests: number;
  tokens: number;
  models: Map<string, { requests: number; tokens: number }>;
}

/** 0 when the denominator is 0, and never outside [0, 1] despite rounding. */
const ratio = (part: number, whole: number): number => (whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0);

const byShareThenKey =
  <T>(share: (x: T) => number, key: (x: T) => string) =>
  (a: T, b: T) =>
    share(b) - share(a) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

function totalsByTag(rows: Iterable<RollupRow>): Map<string, TagTotals> {
  const tags = new Map<string, TagTotals>();
  for (const row of rows) {
    // `other` and tags outside the taxonomy are in no list and no denominator.
    if (row.tag === OTHER_TAG || !tagInfo(row.tag) || row.requests <= 0) continue;
    let t = tags.get(row.tag);
    if (!t) tags.set(row.tag, (t = { requests: 0, tokens: 0, models: new Map() }));
    t.requests += row.requests;
    t.tokens += row.tokens;
    if (row.model !== null && row.model !== '') {
      const m = t.models.get(row.model) ?? { requests: 0, tokens: 0 };
      m.requests += row.requests;
      m.tokens += row.tokens;
      t.models.set(row.model, m);
    }
  }
  return tags;
}

function topModels(t: TagTotals, n: number): ModelShare[] {
  return (
    [...t.models.entries()]
      .sort(([ida, a], [idb, b]) => b.requests - a.requests || (ida < idb ? -1 : ida > idb ? 1 : 0))
      .slice(0, n)
      // The denominator is the whole tag: models past N and unattributed requests included.
      .map(([id, m]) => ({ id, tag_usage_share: ratio(m.requests, t.requests), tag_token_share: ratio(m.tokens, t.tokens) }))
  );
}

export function computeShares(rows: Iterable<RollupRow>, options: ComputeOptions): TaskClassificationResponse {
  const tags = totalsByTag(rows);
  let allRequests = 0;
  let allTokens = 0;
  const macro = new Map<MacroCategory, { requests: number; tokens: number }>();
  for (const [tag, t] of tags) {
    allRequests += t.requests;
    allTokens += t.tokens;
    const key = tagInfo(tag)!.macroCategory;
    const m = macro.get(key) ?? { requests: 0, tokens: 0 };
    m.requests += t.requests;
    m.tokens += t.tokens;
    macro.set(key, m);
  }

  const classifications: TaskClassificationItem[] = [...tags].map(([tag, t]) => {
    const info = tagInfo(tag)!;
    const m = macro.get(info.macroCategory)!;
    return {
      tag,
      display_name: info.displayName,
      macro_category: info.macroCategory,
      usage_share: ratio(t.requests, allRequests),
      token_share: ratio(t.tokens, allTokens),
      category_usage_share: ratio(t.requests, m.requests),
      category_token_share: ratio(t.tokens, m.tokens),
      models: topModels(t, options.topModels),
    };
  });
  classifications.sort(
    byShareThenKey(
      (c) => c.usage_share,
      (c) => c.tag,
    ),
  );

  // A macro category's shares are the sums of its tags' shares.
  const macroItems = new Map<MacroCategory, MacroCategoryItem>();
  for (const c of classifications) {
    const key = c.macro_category as MacroCategory;
    const item = macroItems.get(key) ?? { key, label: MACRO_LABELS[key], usage_share: 0, token_share: 0 };
    item.usage_share = Math.min(1, item.usage_share + c.usage_share);
    item.token_share = Math.min(1, item.token_share + c.token_share);
    macroItems.set(key, item);
  }
  const macro_categories = [...macroItems.values()].sort(
    byShareThenKey(
      (m) => m.usage_share,
      (m) => m.key,
    ),
  );

  return { data: { as_of: options.asOf, window_days: options.windowDays, classifications, macro_categories } };
}
