/**
 * @taskshare/sdk: a typed client for taskshare. Two styles, as the official OpenRouter SDK has them:
 * `new TaskShare(options).group.method()` throws on failure; `TaskShareCore` with the standalone
 * functions returns `{ ok: true, value } | { ok: false, error }` and never throws.
 */
export { DEFAULT_SERVER_URL, type RequestOptions, TaskShareCore, type TaskShareOptions } from './core.ts';
export * from './errors.ts';
export * from './funcs/index.ts';
export type { Result } from './lib/result.ts';
export { type BackoffStrategy, DEFAULT_BACKOFF, type RetryConfig, type RetryEvent } from './lib/retries.ts';
export {
  ANALYTICS_WINDOWS,
  type AnalyticsClassification,
  type AnalyticsModel,
  type AnalyticsPrivacy,
  type AnalyticsResponse,
  type AnalyticsResponseData,
  type AnalyticsWindow,
  type DateSpan,
  HISTORY_STEPS,
  type HistoryPoint,
  type HistoryResponse,
  type HistoryStep,
  type SharePair,
} from './models/analytics.ts';
export {
  type GetTaskClassificationsRequest,
  type TaskClassificationItem,
  type TaskClassificationMacroCategory,
  type TaskClassificationModel,
  type TaskClassificationResponse,
  type TaskClassificationResponseData,
  Window,
} from './models/classifications.ts';
export type {
  IngestBatchResult,
  IngestRejection,
  IngestResult,
  OutsideWindow,
  Rejection,
  TaskShareEvent,
} from './models/events.ts';
export type { Readiness } from './models/health.ts';
export { type ApiKeyInfo, type CreatedApiKey, type CreateKeyRequest, SCOPES, type Scope } from './models/keys.ts';
export { Analytics, Classifications, Demo, Events, Health, Keys, TaskShare } from './sdk.ts';
