/**
 * `TaskShare`: the standalone functions as methods in groups, each returning the value or throwing the
 * error the function would have returned. `classifications.getTaskClassifications` is the official
 * OpenRouter SDK's call, unchanged.
 *
 * @example
 * const taskshare = new TaskShare({ apiKey: process.env.TASKSHARE_KEY, serverURL: 'https://taskshare.example.com/api/v1' });
 * const { data } = await taskshare.classifications.getTaskClassifications({ window: '7d' });
 */
import { type RequestOptions, TaskShareCore } from './core.ts';
import { demoRemove, keysCreate, keysList, keysRevoke } from './funcs/admin.ts';
import {
  type AnalyticsGetRequest,
  type AnalyticsHistoryRequest,
  analyticsGet,
  analyticsGetCsv,
  analyticsHistory,
} from './funcs/analytics.ts';
import { classificationsGetTaskClassifications } from './funcs/classifications.ts';
import { eventsIngest, eventsSend, type IngestOptions, type SendOptions } from './funcs/events.ts';
import { healthReady } from './funcs/health.ts';
import { unwrap } from './lib/result.ts';
import type { AnalyticsResponse, HistoryResponse } from './models/analytics.ts';
import type { GetTaskClassificationsRequest, TaskClassificationResponse } from './models/classifications.ts';
import type { IngestBatchResult, IngestResult, TaskShareEvent } from './models/events.ts';
import type { Readiness } from './models/health.ts';
import type { ApiKeyInfo, CreatedApiKey, CreateKeyRequest } from './models/keys.ts';

class Group {
  constructor(protected readonly core: TaskShareCore) {}
}

export class Classifications extends Group {
  /** GET /classifications/task: the OpenRouter contract. */
  getTaskClassifications(request?: GetTaskClassificationsRequest, options?: RequestOptions): Promise<TaskClassificationResponse> {
    return unwrap(classificationsGetTaskClassifications(this.core, request, options));
  }
}

export class Analytics extends Group {
  /** GET /taskshare/classifications: any window and date, with the previous window and the change. */
  get(request?: AnalyticsGetRequest, options?: RequestOptions): Promise<AnalyticsResponse> {
    return unwrap(analyticsGet(this.core, request, options));
  }
  /** The same numbers as `get`, as the server's CSV text. */
  getCsv(request?: AnalyticsGetRequest, options?: RequestOptions): Promise<string> {
    return unwrap(analyticsGetCsv(this.core, request, options));
  }
  /** GET /taskshare/classifications/history: one point per window end. */
  history(request?: AnalyticsHistoryRequest, options?: RequestOptions): Promise<HistoryResponse> {
    return unwrap(analyticsHistory(this.core, request, options));
  }
}

export class Events extends Group {
  /** Sends events in batches; the sums of the server's answers. */
  ingest(events: Iterable<TaskShareEvent> | AsyncIterable<TaskShareEvent>, options?: IngestOptions): Promise<IngestResult> {
    return unwrap(eventsIngest(this.core, events, options));
  }
  /** Posts one NDJSON body as it is. */
  send(ndjson: string | Uint8Array, options?: SendOptions): Promise<IngestBatchResult> {
    return unwrap(eventsSend(this.core, ndjson, options));
  }
}

export class Keys extends Group {
  create(request: CreateKeyRequest, options?: RequestOptions): Promise<{ data: CreatedApiKey }> {
    return unwrap(keysCreate(this.core, request, options));
  }
  list(options?: RequestOptions): Promise<{ data: ApiKeyInfo[] }> {
    return unwrap(keysList(this.core, options));
  }
  revoke(id: string, options?: RequestOptions): Promise<{ data: { id: string; revoked: boolean } }> {
    return unwrap(keysRevoke(this.core, id, options));
  }
}

export class Demo extends Group {
  remove(options?: RequestOptions): Promise<{ data: { removed: number } }> {
    return unwrap(demoRemove(this.core, options));
  }
}

export class Health extends Group {
  /** GET /readyz. */
  ready(options?: RequestOptions): Promise<Readiness> {
    return unwrap(healthReady(this.core, options));
  }
}

export class TaskShare extends TaskShareCore {
  readonly classifications = new Classifications(this);
  readonly analytics = new Analytics(this);
  readonly events = new Events(this);
  readonly keys = new Keys(this);
  readonly demo = new Demo(this);
  readonly health = new Health(this);
}
