/**
 * taskshare's own read API: `analyticsGet` (GET /taskshare/classifications) and `analyticsHistory`
 * (GET /taskshare/classifications/history). Read scope, or no key where the rankings are public.
 *
 * @example
 * const res = await analyticsGet(core, { window: '28d', asOf: '2025-06-30' });
 * if (res.ok) for (const c of res.value.data.classifications) console.log(c.tag, c.changePp.usage);
 */
import type { RequestOptions, TaskShareCore } from '../core.ts';
import { SDKValidationError } from '../errors.ts';
import { firstError, oneOf, requestObject, text, utcDate } from '../lib/args.ts';
import { ERR, type Result } from '../lib/result.ts';
import {
  ANALYTICS_WINDOWS,
  type AnalyticsResponse,
  type AnalyticsWindow,
  HISTORY_STEPS,
  type HistoryResponse,
  type HistoryStep,
  parseAnalyticsResponse,
  parseHistoryResponse,
} from '../models/analytics.ts';
import { request, requestCsv, type TaskShareCallError } from './call.ts';

export interface AnalyticsGetRequest {
  /** Default 7d. */
  window?: AnalyticsWindow;
  /** Last UTC day of the window, before today (default yesterday). */
  asOf?: string | Date;
  /** Only this app's requests; an app with none is an empty result. */
  app?: string;
}

export interface AnalyticsHistoryRequest {
  window?: AnalyticsWindow;
  /** Earliest window end (default 29 steps before `to`). */
  from?: string | Date;
  /** Last window end (default yesterday). */
  to?: string | Date;
  /** Days between points (default 1d). */
  step?: HistoryStep;
  /** Only this app's requests. */
  app?: string;
}

export function analyticsGet(
  client: TaskShareCore,
  req?: AnalyticsGetRequest,
  options?: RequestOptions,
): Promise<Result<AnalyticsResponse, TaskShareCallError>> {
  const args = requestObject('request', req);
  if (args instanceof SDKValidationError) return Promise.resolve(ERR(args));
  const window = oneOf('window', args.window, ANALYTICS_WINDOWS);
  const asOf = utcDate('asOf', args.asOf);
  const app = text('app', args.app, { max: 256 });
  const bad = firstError(window, asOf, app);
  if (bad) return Promise.resolve(ERR(bad));
  const query = { window: window as string | undefined, as_of: asOf as string | undefined, app: app as string | undefined };
  return request(client, { method: 'GET', path: '/taskshare/classifications', query }, parseAnalyticsResponse, options);
}

/** The same numbers as analyticsGet, as the server's CSV (one row per tag and per (tag, model)). */
export async function analyticsGetCsv(
  client: TaskShareCore,
  req?: AnalyticsGetRequest,
  options?: RequestOptions,
): Promise<Result<string, TaskShareCallError>> {
  const args = requestObject('request', req);
  if (args instanceof SDKValidationError) return ERR(args);
  const window = oneOf('window', args.window, ANALYTICS_WINDOWS);
  const asOf = utcDate('asOf', args.asOf);
  const app = text('app', args.app, { max: 256 });
  const bad = firstError(window, asOf, app);
  if (bad) return ERR(bad);
  const query = { window: window as string | undefined, as_of: asOf as string | undefined, app: app as string | undefined, format: 'csv' };
  return requestCsv(client, { method: 'GET', path: '/taskshare/classifications', query }, options);
}

export function analyticsHistory(
  client: TaskShareCore,
  req?: AnalyticsHistoryRequest,
  options?: RequestOptions,
): Promise<Result<HistoryResponse, TaskShareCallError>> {
  const args = requestObject('request', req);
  if (args instanceof SDKValidationError) return Promise.resolve(ERR(args));
  const window = oneOf('window', args.window, ANALYTICS_WINDOWS);
  const from = utcDate('from', args.from);
  const to = utcDate('to', args.to);
  const step = oneOf('step', args.step, HISTORY_STEPS);
  const app = text('app', args.app, { max: 256 });
  const bad =
    firstError(window, from, to, step, app) ??
    (typeof from === 'string' && typeof to === 'string' && from > to
      ? new SDKValidationError('from', `${from} is after to (${to}); expected from <= to`, from)
      : undefined);
  if (bad) return Promise.resolve(ERR(bad));
  const query = {
    window: window as string | undefined,
    from: from as string | undefined,
    to: to as string | undefined,
    step: step as string | undefined,
    app: app as string | undefined,
  };
  return request(client, { method: 'GET', path: '/taskshare/classifications/history', query }, parseHistoryResponse, options);
}
