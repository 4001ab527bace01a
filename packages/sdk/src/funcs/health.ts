/**
 * GET /readyz at the server's root (serverURL less /api/v1): 200 with each part's state, or a
 * ServiceUnavailableResponseError naming the part that fails. A probe answers now: no retries unless asked.
 */
import type { RequestOptions, TaskShareCore } from '../core.ts';
import type { Result } from '../lib/result.ts';
import { parseReadiness, type Readiness } from '../models/health.ts';
import { request, type TaskShareCallError } from './call.ts';

export function healthReady(client: TaskShareCore, options?: RequestOptions): Promise<Result<Readiness, TaskShareCallError>> {
  return request(client, { method: 'GET', path: '/readyz', root: true, retries: { strategy: 'none' } }, parseReadiness, options);
}
