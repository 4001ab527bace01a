/**
 * taskshare's own answer, beside the contract's: the contract's shares for any window length and
 * `as_of`, each with the same shares for the window just before and the change in percentage points;
 * and a history of tag and macro-category shares, one point per window end. Pure: rollups in, numbers out.
 */

import { OTHER_TAG, tagInfo } from '../taxonomy/index.ts';
import { computeShares } from './compute.ts';
import type { RollupRow, TagDayRow, TaskClassificationItem, TaskClassificationResponse } from './types.ts';
import { addDays } from './window.ts';

/** The window lengths the API accepts, in UTC days. */
export const WINDOW_LENGTHS: Readonly<Record<string, number>> = { '1d': 1, '7d': 7, '28d': 28, '90d': 90 };
/** The history steps the API accepts, in UTC days. */
export const HISTORY_STEPS: Readonly<Record<string, number>> = { '1d': 1, '7d': 7 };
export const MAX_HISTORY_POINTS = 400;

export interface Span {
  from: string;
  to: string;
}

/** The `days` UTC days ending at `asOf` inclusive, and the window of the same length just before it. */
export function windowSpans(asOf: string, days: number): { current: Span; previous: Span } {
  const from = addDays(asOf, -(days - 1));
  return { current: { from, to: asOf }, previous: { from: addDays(from, -days), to: addDays(from, -1) } };
}

export interface SharePair {
  usage_share: number;
  token_share: number;
}

export interface TaskshareModel {
  id: string;
  tag_usage_share: number;
  tag_token_share: number;
  /** The model's part of the tag's logged cost; only when the window has cost data. */
  tag_spend_share?: number;
}

export interface TaskshareItem extends Omit<TaskClassificationItem, 'models'> {
  models: TaskshareModel[];
  /** The tag's shares in the window just before (0 where it had no requests). */
  previous: SharePair;
  /** (current - previous) * 100. */
  change_pp: { usage: number; token: number };
  /** Where the true usage share lies at the configured confidence, given the sampling (see interval.ts). */
  usage_share_interval: [number, number];
  /** The same for the token share (a ratio estimator's interval). */
  token_share_interval: [number, number];
  /** The tag's part of the window's logged cost; only when the window has cost data. */
  spend_share?: number;
  /** The usage share corrected for the classifier's known error, when the model carries it (see correction.ts). */
  estimated_usage_share?: number;
  estimated_usage_share_interval?: [number, number];
}

export interface PrivacySummary {
  /** TASKSHARE_MIN_USERS, or null when the threshold is off. */
  min_users: number | null;
  models_folded: number;
  tags_folded: number;
}

export interface TaskshareResponse {
  data: Omit<TaskClassificationResponse['data'], 'classifications'> & {
    from: string;
    to: string;
    previous_window: Span;
    /** The app the numbers are narrowed to, or null for all of them. */
    app: string | null;
    /** The apps with requests in the window (whatever the filter): what an app filter can choose from. */
    apps: string[];
    /** The fraction of requests classified and stored, as configured. */
    sample_rate: number;
    /** The confidence level of every interval. */
    confidence_level: number;
    /** The classifier versions that tagged the window's requests (as far as the store recorded them). */
    classifier_versions: string[];
    /** Whether any request of the window carried its cost: spend shares are given only then. */
    has_cost: boolean;
    privacy: PrivacySummary;
    classifications: TaskshareItem[];
  };
}

/** What the window's rollups give beyond the contract's shares, per tag (see withPrevious). */
export interface TaskshareExtras {
  spans: { current: Span; previous: Span };
  sampleRate: number;
  confidenceLevel: number;
  intervals: ReadonlyMap<string, [number, number]>;
  tokenIntervals?: ReadonlyMap<string, [number, number]>;
  spend?: SpendShares;
  estimated?: ReadonlyMap<string, { share: number; interval: [number, number] }>;
  app?: string | null;
  apps?: string[];
  classifierVersions?: string[];
  privacy?: PrivacySummary;
}

export interface SpendShares {
  byTag: Map<string, number>;
  /** Per `${tag}\u0000${model}`: the model's part of the tag's cost. */
  byModel: Map<string, number>;
}

/**
 * Spend shares from the rows computeShares was given: a tag's part of the cost of every classified
 * request, a model's part of its tag's. Undefined when no classified request carried a cost.
 */
export function spendShares(rows: Iterable<RollupRow>): SpendShares | undefined {
  const byTag = new Map<string, number>();
  const byModel = new Map<string, number>();
  let total = 0;
  let carried = 0;
  for (const r of rows) {
    if (r.tag === OTHER_TAG || !tagInfo(r.tag) || r.requests <= 0) continue;
    const cost = r.cost ?? 0;
    carried += r.costRequests ?? 0;
    total += cost;
    byTag.set(r.tag, (byTag.get(r.tag) ?? 0) + cost);
    if (r.model !== null) {
      const k = `${r.tag}\u0000${r.model}`;
      byModel.set(k, (byModel.get(k) ?? 0) + cost);
    }
  }
  if (carried === 0) return undefined;
  const ratio = (part: number, whole: number) => (whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0);
  for (const [k, cost] of byModel) byModel.set(k, ratio(cost, byTag.get(k.slice(0, k.indexOf('\u0000')))!));
  for (const [tag, cost] of byTag) byTag.set(tag, ratio(cost, total));
  return { byTag, byModel };
}

/** The contract's response for the window plus, per tag, the previous window's shares, the change and the extras. */
export function withPrevious(
  current: TaskClassificationResponse,
  previous: TaskClassificationResponse,
  meta: TaskshareExtras,
): TaskshareResponse {
  const before = new Map(previous.data.classifications.map((c) => [c.tag, c]));
  const { classifications, ...rest } = current.data;
  const { spend, estimated } = meta;
  return {
    data: {
      ...rest,
      from: meta.spans.current.from,
      to: meta.spans.current.to,
      previous_window: meta.spans.previous,
      app: meta.app ?? null,
      apps: meta.apps ?? [],
      sample_rate: meta.sampleRate,
      confidence_level: meta.confidenceLevel,
      classifier_versions: meta.classifierVersions ?? [],
      has_cost: spend !== undefined,
      privacy: meta.privacy ?? { min_users: null, models_folded: 0, tags_folded: 0 },
      classifications: classifications.map((c) => {
        const p = before.get(c.tag);
        const prev = { usage_share: p?.usage_share ?? 0, token_share: p?.token_share ?? 0 };
        const change_pp = { usage: (c.usage_share - prev.usage_share) * 100, token: (c.token_share - prev.token_share) * 100 };
        const item: TaskshareItem = {
          ...c,
          models: spend ? c.models.map((m) => ({ ...m, tag_spend_share: spend.byModel.get(`${c.tag}\u0000${m.id}`) ?? 0 })) : c.models,
          previous: prev,
          change_pp,
          usage_share_interval: meta.intervals.get(c.tag) ?? [c.usage_share, c.usage_share],
          token_share_interval: meta.tokenIntervals?.get(c.tag) ?? [c.token_share, c.token_share],
        };
        if (spend) item.spend_share = spend.byTag.get(c.tag) ?? 0;
        const e = estimated?.get(c.tag);
        if (e) {
          item.estimated_usage_share = e.share;
          item.estimated_usage_share_interval = e.interval;
        }
        return item;
      }),
    },
  };
}

/** The window ends of a history: `to`, then every `stepDays` back while not before `from`, oldest first. */
export function historyEnds(from: string, to: string, stepDays: number): string[] {
  const ends: string[] = [];
  for (let d = to; d >= from; d = addDays(d, -stepDays)) ends.push(d);
  return ends.reverse();
}

/** How many points historyEnds would give, without listing them (to refuse a too-long history first). */
export function historyPointCount(from: string, to: string, stepDays: number): number {
  if (from > to) return 0;
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  return Math.floor(days / stepDays) + 1;
}

export interface HistoryPoint {
  as_of: string;
  from: string;
  to: string;
  classifications: Array<{ tag: string; macro_category: string } & SharePair>;
  macro_categories: Array<{ key: string } & SharePair>;
}

/**
 * One point per window end: the shares of the `windowDays` days ending there, exactly as computeShares
 * gives them for that window (sums of integers, so equal to the snapshot's to the last bit). The sums
 * slide: each day is added once and taken away once, however long the window.
 */
export function shareHistory(rows: Iterable<TagDayRow>, ends: readonly string[], windowDays: number): HistoryPoint[] {
  if (ends.length === 0) return [];
  const byDay = new Map<string, TagDayRow[]>();
  for (const r of rows) {
    const list = byDay.get(r.day);
    if (list) list.push(r);
    else byDay.set(r.day, [r]);
  }
  const wanted = new Set(ends);
  const sums = new Map<string, { requests: number; tokens: number }>();
  const add = (day: string, sign: 1 | -1) => {
    for (const r of byDay.get(day) ?? []) {
      const s = sums.get(r.tag) ?? { requests: 0, tokens: 0 };
      s.requests += sign * r.requests;
      s.tokens += sign * r.tokens;
      sums.set(r.tag, s);
    }
  };
  const points: HistoryPoint[] = [];
  const last = ends[ends.length - 1]!;
  const start = addDays(ends[0]!, -(windowDays - 1));
  for (let day = start, leaving = addDays(day, -windowDays); day <= last; day = addDays(day, 1), leaving = addDays(leaving, 1)) {
    add(day, 1);
    if (leaving >= start) add(leaving, -1); // days before the first window were never added
    if (!wanted.has(day)) continue;
    const tagRows = [...sums].filter(([, s]) => s.requests > 0).map(([tag, s]) => ({ tag, model: null, ...s }));
    const shares = computeShares(tagRows, { asOf: day, windowDays, topModels: 0 }).data;
    points.push({
      as_of: day,
      from: addDays(day, -(windowDays - 1)),
      to: day,
      classifications: shares.classifications.map((c) => ({
        tag: c.tag,
        macro_category: c.macro_category,
        usage_share: c.usage_share,
        token_share: c.token_share,
      })),
      macro_categories: shares.macro_categories.map((m) => ({ key: m.key, usage_share: m.usage_share, token_share: m.token_share })),
    });
  }
  return points;
}
