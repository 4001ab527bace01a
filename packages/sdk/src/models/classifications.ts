/**
 * GET /classifications/task: the contract's response, with the field names and types of the official
 * SDK's `models.TaskClassificationResponse` (camelCase), so a value from either deep-equals the other.
 */
import { array, int, num, obj, type Parser, req, str } from '../lib/validate.ts';

export interface TaskClassificationModel {
  /** Model id (permaslug). */
  id: string;
  /** Share of this classification's requests attributed to this model (0-1). */
  tagUsageShare: number;
  /** Share of this classification's tokens attributed to this model (0-1). */
  tagTokenShare: number;
}

export interface TaskClassificationItem {
  /** e.g. `code:general_impl`. */
  tag: string;
  displayName: string;
  /** `code`, `data`, `agent` or `general` (open: a new one is passed through). */
  macroCategory: string;
  /** Share of classified requests (0-1). */
  usageShare: number;
  /** Share of classified tokens (0-1). */
  tokenShare: number;
  categoryUsageShare: number;
  categoryTokenShare: number;
  /** Top models by requests, descending. */
  models: TaskClassificationModel[];
}

export interface TaskClassificationMacroCategory {
  key: string;
  label: string;
  usageShare: number;
  tokenShare: number;
}

export interface TaskClassificationResponseData {
  /** UTC date (YYYY-MM-DD) the window ends. */
  asOf: string;
  windowDays: number;
  classifications: TaskClassificationItem[];
  macroCategories: TaskClassificationMacroCategory[];
}

export interface TaskClassificationResponse {
  data: TaskClassificationResponseData;
}

/** The windows the contract endpoint accepts (the official SDK's `Window` enum). */
export const Window = { Sevend: '7d' } as const;
export type Window = (typeof Window)[keyof typeof Window];

export interface GetTaskClassificationsRequest {
  window?: Window | undefined;
  httpReferer?: string | undefined;
  appTitle?: string | undefined;
  appCategories?: string | undefined;
}

export const parseModel: Parser<TaskClassificationModel> = (v, path) => {
  const o = obj(v, path);
  return {
    id: req(o, 'id', path, str),
    tagUsageShare: req(o, 'tag_usage_share', path, num),
    tagTokenShare: req(o, 'tag_token_share', path, num),
  };
};

export const parseItem: Parser<TaskClassificationItem> = (v, path) => {
  const o = obj(v, path);
  return {
    tag: req(o, 'tag', path, str),
    displayName: req(o, 'display_name', path, str),
    macroCategory: req(o, 'macro_category', path, str),
    usageShare: req(o, 'usage_share', path, num),
    tokenShare: req(o, 'token_share', path, num),
    categoryUsageShare: req(o, 'category_usage_share', path, num),
    categoryTokenShare: req(o, 'category_token_share', path, num),
    models: req(o, 'models', path, array(parseModel)),
  };
};

export const parseMacroCategory: Parser<TaskClassificationMacroCategory> = (v, path) => {
  const o = obj(v, path);
  return {
    key: req(o, 'key', path, str),
    label: req(o, 'label', path, str),
    usageShare: req(o, 'usage_share', path, num),
    tokenShare: req(o, 'token_share', path, num),
  };
};

export const parseTaskClassificationResponse: Parser<TaskClassificationResponse> = (v, path) => {
  const d = req(obj(v, path), 'data', path, obj);
  const p = 'data';
  return {
    data: {
      asOf: req(d, 'as_of', p, str),
      windowDays: req(d, 'window_days', p, int),
      classifications: req(d, 'classifications', p, array(parseItem)),
      macroCategories: req(d, 'macro_categories', p, array(parseMacroCategory)),
    },
  };
};
