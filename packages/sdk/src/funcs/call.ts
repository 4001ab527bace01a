/** What every standalone function does: check, send, decode; and whatever else goes wrong is an error value, never a throw. */
import type { RequestOptions, TaskShareCore } from '../core.ts';
import {
  type BadRequestResponseError,
  type ConnectionError,
  type ForbiddenResponseError,
  type InternalServerResponseError,
  type RequestAbortedError,
  type RequestTimeoutError,
  type ResponseValidationError,
  type SDKValidationError,
  type ServiceUnavailableResponseError,
  type TaskShareDefaultError,
  type TaskShareError,
  type TooManyRequestsResponseError,
  type UnauthorizedResponseError,
  UnexpectedClientError,
} from '../errors.ts';
import { decode, decodeCsv } from '../lib/body.ts';
import { type Call, causeOf, send } from '../lib/http.ts';
import { ERR, type Result } from '../lib/result.ts';
import type { Parser } from '../lib/validate.ts';

/** Every failure a call can return: by status (the server's error body), or without a response. */
export type TaskShareCallError =
  | BadRequestResponseError
  | UnauthorizedResponseError
  | ForbiddenResponseError
  | TooManyRequestsResponseError
  | InternalServerResponseError
  | ServiceUnavailableResponseError
  | TaskShareDefaultError
  | TaskShareError
  | ResponseValidationError
  | ConnectionError
  | RequestTimeoutError
  | RequestAbortedError
  | SDKValidationError
  | UnexpectedClientError;

export async function guarded<T>(fn: () => Promise<Result<T, TaskShareCallError>>): Promise<Result<T, TaskShareCallError>> {
  try {
    return await fn();
  } catch (err) {
    return ERR(new UnexpectedClientError(`Unexpected error: ${causeOf(err)}`, { cause: err }));
  }
}

export function request<T>(
  core: TaskShareCore,
  call: Call,
  parse: Parser<T>,
  options?: RequestOptions,
): Promise<Result<T, TaskShareCallError>> {
  return guarded(async () => {
    const sent = await send(core, call, options);
    return sent.ok ? decode(sent.value, parse) : sent;
  });
}

/** As request, for an answer in CSV: the body as the server wrote it. */
export function requestCsv(core: TaskShareCore, call: Call, options?: RequestOptions): Promise<Result<string, TaskShareCallError>> {
  return guarded(async () => {
    const sent = await send(core, { ...call, headers: { ...call.headers, accept: 'text/csv' } }, options);
    return sent.ok ? decodeCsv(sent.value) : sent;
  });
}
