/**
 * taskshare's own read API: GET /taskshare/classifications (any window and date, the previous window,
 * the change, intervals) and /taskshare/classifications/history. camelCase like the contract call.
 * Fields marked "newer servers" are optional: a server without them is fine, and one with them fills them.
 */

import { array, bool, int, json, nullable, num, obj, opt, type Parser, pairOf, req, str } from '../lib/validate.ts';
import { parseItem, parseMacroCategory, type TaskClassificationItem, type TaskClassificationMacroCategory } from './classifications.ts';

export type AnalyticsWindow = '1d' | '7d' | '28d' | '90d';
export type HistoryStep = '1d' | '7d';
export const ANALYTICS_WINDOWS: readonly AnalyticsWindow[] = ['1d', '7d', '28d', '90d'];
export const HISTORY_STEPS: readonly HistoryStep[] = ['1d', '7d'];

export interface SharePair {
  usageShare: number;
  tokenShare: number;
}
export interface DateSpan {
  from: string;
  to: string;
}

export interface AnalyticsClassification extends TaskClassificationItem {
  /** The shares in the window of the same length just before (0 where the tag had no requests). */
  previous: SharePair;
  /** (share - previous share) x 100, in percentage points. */
  changePp: { usage: number; token: number };
  /** [low, high] at `confidenceLevel`, from the sampling. */
  usageShareInterval: [number, number];
  /** Newer servers. */
  tokenShareInterval?: [number, number];
  /** Newer servers: share of spend, null where cost is unknown. */
  spendShare?: number | null;
  /** Newer servers. */
  estimatedUsageShare?: number | null;
}

/** Newer servers: the top models across all tags. */
export interface AnalyticsTopModel {
  id?: string;
  usageShare?: number;
  tokenShare?: number;
  spendShare?: number | null;
}

export interface AnalyticsResponseData {
  asOf: string;
  windowDays: number;
  /** First and last UTC day of the window (inclusive). */
  from: string;
  to: string;
  previousWindow: DateSpan;
  sampleRate: number;
  confidenceLevel: number;
  classifications: AnalyticsClassification[];
  macroCategories: TaskClassificationMacroCategory[];
  /** Newer servers: the app the shares are limited to, or null for all. */
  app?: string | null;
  /** Newer servers, as sent. */
  apps?: unknown;
  /** Newer servers: whether spend shares are known. */
  hasCost?: boolean;
  /** Newer servers, as sent. */
  classifierVersions?: unknown;
  /** Newer servers, as sent. */
  privacy?: unknown;
  topModels?: AnalyticsTopModel[];
}
export interface AnalyticsResponse {
  data: AnalyticsResponseData;
}

export interface HistoryPoint {
  asOf: string;
  from: string;
  to: string;
  classifications: Array<{ tag: string; macroCategory: string } & SharePair>;
  macroCategories: Array<{ key: string } & SharePair>;
}
export interface HistoryResponse {
  data: { windowDays: number; stepDays: number; from: string; to: string; sampleRate: number; points: HistoryPoint[] };
}

const pair: Parser<SharePair> = (v, path) => {
  const o = obj(v, path);
  return { usageShare: req(o, 'usage_share', path, num), tokenShare: req(o, 'token_share', path, num) };
};
const span: Parser<DateSpan> = (v, path) => {
  const o = obj(v, path);
  return { from: req(o, 'from', path, str), to: req(o, 'to', path, str) };
};

const classification: Parser<AnalyticsClassification> = (v, path) => {
  const o = obj(v, path);
  const change = req(o, 'change_pp', path, obj);
  const out: AnalyticsClassification = {
    ...parseItem(v, path),
    previous: req(o, 'previous', path, pair),
    changePp: { usage: req(change, 'usage', `${path}.change_pp`, num), token: req(change, 'token', `${path}.change_pp`, num) },
    usageShareInterval: req(o, 'usage_share_interval', path, pairOf),
  };
  opt(out, 'tokenShareInterval', o, 'token_share_interval', path, pairOf);
  opt(out, 'spendShare', o, 'spend_share', path, nullable(num));
  opt(out, 'estimatedUsageShare', o, 'estimated_usage_share', path, nullable(num));
  return out;
};

const topModel: Parser<AnalyticsTopModel> = (v, path) => {
  const o = obj(v, path);
  const out: AnalyticsTopModel = {};
  opt(out, 'id', o, 'id', path, str);
  opt(out, 'usageShare', o, 'usage_share', path, num);
  opt(out, 'tokenShare', o, 'token_share', path, num);
  opt(out, 'spendShare', o, 'spend_share', path, nullable(num));
  return out;
};

export const parseAnalyticsResponse: Parser<AnalyticsResponse> = (v) => {
  const d = req(obj(v, ''), 'data', '', obj);
  const p = 'data';
  const data: AnalyticsResponseData = {
    asOf: req(d, 'as_of', p, str),
    windowDays: req(d, 'window_days', p, int),
    from: req(d, 'from', p, str),
    to: req(d, 'to', p, str),
    previousWindow: req(d, 'previous_window', p, span),
    sampleRate: req(d, 'sample_rate', p, num),
    confidenceLevel: req(d, 'confidence_level', p, num),
    classifications: req(d, 'classifications', p, array(classification)),
    macroCategories: req(d, 'macro_categories', p, array(parseMacroCategory)),
  };
  opt(data, 'app', d, 'app', p, nullable(str));
  opt(data, 'apps', d, 'apps', p, json);
  opt(data, 'hasCost', d, 'has_cost', p, bool);
  opt(data, 'classifierVersions', d, 'classifier_versions', p, json);
  opt(data, 'privacy', d, 'privacy', p, json);
  opt(data, 'topModels', d, 'top_models', p, array(topModel));
  return { data };
};

const point: Parser<HistoryPoint> = (v, path) => {
  const o = obj(v, path);
  return {
    asOf: req(o, 'as_of', path, str),
    from: req(o, 'from', path, str),
    to: req(o, 'to', path, str),
    classifications: req(
      o,
      'classifications',
      path,
      array((c, at) => {
        const x = obj(c, at);
        return { tag: req(x, 'tag', at, str), macroCategory: req(x, 'macro_category', at, str), ...pair(c, at) };
      }),
    ),
    macroCategories: req(
      o,
      'macro_categories',
      path,
      array((m, at) => ({ key: req(obj(m, at), 'key', at, str), ...pair(m, at) })),
    ),
  };
};

export const parseHistoryResponse: Parser<HistoryResponse> = (v) => {
  const d = req(obj(v, ''), 'data', '', obj);
  const p = 'data';
  return {
    data: {
      windowDays: req(d, 'window_days', p, int),
      stepDays: req(d, 'step_days', p, int),
      from: req(d, 'from', p, str),
      to: req(d, 'to', p, str),
      sampleRate: req(d, 'sample_rate', p, num),
      points: req(d, 'points', p, array(point)),
    },
  };
};
