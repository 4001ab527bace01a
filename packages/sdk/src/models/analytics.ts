/**
 * taskshare's own read API: GET /taskshare/classifications (any window and date, the previous window,
 * the change, intervals) and /taskshare/classifications/history. camelCase like the contract call.
 * Fields marked "newer servers" are optional: a server without them is fine, and one with them fills them.
 */

import { array, bool, int, nullable, num, obj, opt, type Parser, pairOf, req, str } from '../lib/validate.ts';
import {
  parseItem,
  parseMacroCategory,
  parseModel,
  type TaskClassificationItem,
  type TaskClassificationMacroCategory,
  type TaskClassificationModel,
} from './classifications.ts';

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

export interface AnalyticsModel extends TaskClassificationModel {
  /** The model's part of the tag's logged cost; only when the window `hasCost`. */
  tagSpendShare?: number;
}

export interface AnalyticsClassification extends Omit<TaskClassificationItem, 'models'> {
  models: AnalyticsModel[];
  /** The shares in the window of the same length just before (0 where the tag had no requests). */
  previous: SharePair;
  /** (share - previous share) x 100, in percentage points. */
  changePp: { usage: number; token: number };
  /** [low, high] at `confidenceLevel`, from the sampling. */
  usageShareInterval: [number, number];
  /** [low, high] of the token share at `confidenceLevel`, from the sampling (older servers: absent). */
  tokenShareInterval?: [number, number];
  /** The tag's part of the window's logged cost; only when the window `hasCost`. */
  spendShare?: number;
  /** The usage share corrected for the built-in classifier's known error, where it applies. */
  estimatedUsageShare?: number;
  /** [low, high] of `estimatedUsageShare`: sampling and classifier error. */
  estimatedUsageShareInterval?: [number, number];
}

export interface AnalyticsPrivacy {
  /** TASKSHARE_MIN_USERS, or null when the threshold is off. */
  minUsers: number | null;
  modelsFolded: number;
  tagsFolded: number;
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
  /** The app the shares are narrowed to, or null for all (older servers: absent). */
  app?: string | null;
  /** The apps with requests in the window, whatever the filter. */
  apps?: string[];
  /** Whether any request of the window carried its cost: spend shares are given only then. */
  hasCost?: boolean;
  /** The classifier versions that tagged the window's requests. */
  classifierVersions?: string[];
  /** What the privacy threshold folded. */
  privacy?: AnalyticsPrivacy;
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
  data: { windowDays: number; stepDays: number; from: string; to: string; app?: string | null; sampleRate: number; points: HistoryPoint[] };
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
    models: req(
      o,
      'models',
      path,
      array((m, at) => {
        const model: AnalyticsModel = parseModel(m, at);
        opt(model, 'tagSpendShare', obj(m, at), 'tag_spend_share', at, num);
        return model;
      }),
    ),
    previous: req(o, 'previous', path, pair),
    changePp: { usage: req(change, 'usage', `${path}.change_pp`, num), token: req(change, 'token', `${path}.change_pp`, num) },
    usageShareInterval: req(o, 'usage_share_interval', path, pairOf),
  };
  opt(out, 'tokenShareInterval', o, 'token_share_interval', path, pairOf);
  opt(out, 'spendShare', o, 'spend_share', path, num);
  opt(out, 'estimatedUsageShare', o, 'estimated_usage_share', path, num);
  opt(out, 'estimatedUsageShareInterval', o, 'estimated_usage_share_interval', path, pairOf);
  return out;
};

const privacy: Parser<AnalyticsPrivacy> = (v, path) => {
  const o = obj(v, path);
  return {
    minUsers: req(o, 'min_users', path, nullable(int)),
    modelsFolded: req(o, 'models_folded', path, int),
    tagsFolded: req(o, 'tags_folded', path, int),
  };
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
  opt(data, 'apps', d, 'apps', p, array(str));
  opt(data, 'hasCost', d, 'has_cost', p, bool);
  opt(data, 'classifierVersions', d, 'classifier_versions', p, array(str));
  opt(data, 'privacy', d, 'privacy', p, privacy);
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
      ...(d.app !== undefined ? { app: nullable(str)(d.app, `${p}.app`) } : {}),
      sampleRate: req(d, 'sample_rate', p, num),
      points: req(d, 'points', p, array(point)),
    },
  };
};
