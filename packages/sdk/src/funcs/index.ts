export { demoRemove, keysCreate, keysList, keysRevoke } from './admin.ts';
export { type AnalyticsGetRequest, type AnalyticsHistoryRequest, analyticsGet, analyticsGetCsv, analyticsHistory } from './analytics.ts';
export type { TaskShareCallError } from './call.ts';
export { classificationsGetTaskClassifications } from './classifications.ts';
export { eventsIngest, eventsSend, type IngestOptions, type SendOptions } from './events.ts';
export { healthReady } from './health.ts';
