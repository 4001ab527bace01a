/**
 * GET /classifications/task, as the official SDK's `classificationsGetTaskClassifications`: the same
 * request, the same value, the same error names.
 *
 * @example
 * const res = await classificationsGetTaskClassifications(core, { window: '7d' });
 * if (res.ok) console.log(res.value.data.classifications[0]?.displayName);
 * else console.log('failed:', res.error);
 */
import type { RequestOptions, TaskShareCore } from '../core.ts';
import { SDKValidationError } from '../errors.ts';
import { firstError, oneOf, requestObject, text } from '../lib/args.ts';
import { ERR, type Result } from '../lib/result.ts';
import {
  type GetTaskClassificationsRequest,
  parseTaskClassificationResponse,
  type TaskClassificationResponse,
  Window,
} from '../models/classifications.ts';
import { request, type TaskShareCallError } from './call.ts';

export function classificationsGetTaskClassifications(
  client: TaskShareCore,
  req?: GetTaskClassificationsRequest,
  options?: RequestOptions,
): Promise<Result<TaskClassificationResponse, TaskShareCallError>> {
  const args = requestObject('request', req);
  if (args instanceof SDKValidationError) return Promise.resolve(ERR(args));
  const window = oneOf('window', args.window, Object.values(Window));
  const referer = text('httpReferer', args.httpReferer);
  const title = text('appTitle', args.appTitle);
  const categories = text('appCategories', args.appCategories);
  const bad = firstError(window, referer, title, categories);
  if (bad) return Promise.resolve(ERR(bad));
  return request(
    client,
    {
      method: 'GET',
      path: '/classifications/task',
      query: { window: window as string | undefined },
      headers: {
        'HTTP-Referer': referer as string | undefined,
        'X-OpenRouter-Title': title as string | undefined,
        'X-OpenRouter-Categories': categories as string | undefined,
      },
    },
    parseTaskClassificationResponse,
    options,
  );
}
