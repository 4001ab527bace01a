/**
 * Every error the SDK returns or throws, in one place. HTTP errors carry the status, the body as text
 * and the headers; the class is chosen by status in `errorFromResponse`, with the names the official
 * OpenRouter SDK uses, so `catch` code written for one works for the other.
 */

/** What the server says in its error body: `{ "error": { "code", "message" } }`. */
export interface ErrorData {
  code: number;
  message: string;
  metadata?: Record<string, unknown> | null;
}

export interface HttpMeta {
  response: Response;
  request: Request;
  /** The response body as text ('' when empty). */
  body: string;
}

/** Base of every error that came with an HTTP response. */
export class TaskShareError extends Error {
  readonly statusCode: number;
  readonly body: string;
  readonly headers: Headers;
  readonly contentType: string;
  readonly rawResponse: Response;
  readonly request: Request;
  constructor(message: string, meta: HttpMeta, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TaskShareError';
    this.statusCode = meta.response.status;
    this.body = meta.body;
    this.headers = meta.response.headers;
    this.contentType = meta.response.headers.get('content-type') ?? '';
    this.rawResponse = meta.response;
    this.request = meta.request;
  }
  /** Retry-After (or retry-after-ms) in milliseconds, when the server sent one. */
  get retryAfterMs(): number | undefined {
    return retryAfterMs(this.headers);
  }
}

/** An error status whose body is not the server's error shape (a proxy's HTML page, say), or a status without a class of its own. */
export class TaskShareDefaultError extends TaskShareError {
  constructor(message: string, meta: HttpMeta) {
    const type = meta.response.headers.get('content-type') || '""';
    const shown = meta.body.length > 500 ? `${meta.body.slice(0, 500)}...and ${meta.body.length - 500} more chars` : meta.body || '""';
    super(`${message ? `${message}: ` : ''}Status ${meta.response.status} Content-Type ${type}. Body: ${shown}`, meta);
    this.name = 'TaskShareDefaultError';
  }
}

/** An error status with the server's error body; one subclass per status below. */
export class ApiResponseError extends TaskShareError {
  readonly error: ErrorData;
  constructor(data: ErrorData, meta: HttpMeta) {
    super(data.message || `API error occurred: ${JSON.stringify(data)}`, meta);
    this.error = data;
    this.name = 'ApiResponseError';
  }
}

const statusClass = (name: string) =>
  class extends ApiResponseError {
    constructor(data: ErrorData, meta: HttpMeta) {
      super(data, meta);
      this.name = name;
    }
  };

// Named classes (not only `statusClass(...)` values) so that `instanceof` and their `.name` both work.
export class BadRequestResponseError extends statusClass('BadRequestResponseError') {}
export class UnauthorizedResponseError extends statusClass('UnauthorizedResponseError') {}
export class ForbiddenResponseError extends statusClass('ForbiddenResponseError') {}
export class NotFoundResponseError extends statusClass('NotFoundResponseError') {}
export class RequestTimeoutResponseError extends statusClass('RequestTimeoutResponseError') {}
export class PayloadTooLargeResponseError extends statusClass('PayloadTooLargeResponseError') {}
export class UnprocessableEntityResponseError extends statusClass('UnprocessableEntityResponseError') {}
export class TooManyRequestsResponseError extends statusClass('TooManyRequestsResponseError') {}
export class InternalServerResponseError extends statusClass('InternalServerResponseError') {}
export class BadGatewayResponseError extends statusClass('BadGatewayResponseError') {}
export class ServiceUnavailableResponseError extends statusClass('ServiceUnavailableResponseError') {}
export class GatewayTimeoutResponseError extends statusClass('GatewayTimeoutResponseError') {}

const BY_STATUS: Record<number, new (data: ErrorData, meta: HttpMeta) => ApiResponseError> = {
  400: BadRequestResponseError,
  401: UnauthorizedResponseError,
  403: ForbiddenResponseError,
  404: NotFoundResponseError,
  408: RequestTimeoutResponseError,
  413: PayloadTooLargeResponseError,
  422: UnprocessableEntityResponseError,
  429: TooManyRequestsResponseError,
  500: InternalServerResponseError,
  502: BadGatewayResponseError,
  503: ServiceUnavailableResponseError,
  504: GatewayTimeoutResponseError,
};

/** The error for a response with an error status: the status's class when the body is the error shape, else the default. */
export function errorFromResponse(meta: HttpMeta): TaskShareError {
  const type = meta.response.headers.get('content-type') ?? '';
  let data: ErrorData | undefined;
  if (/^application\/(problem\+)?json\b/i.test(type)) {
    try {
      const parsed = JSON.parse(meta.body) as { error?: { code?: unknown; message?: unknown; metadata?: unknown } };
      const e = parsed?.error;
      if (e && typeof e === 'object' && typeof e.message === 'string') {
        data = { code: typeof e.code === 'number' ? e.code : meta.response.status, message: e.message };
        if (e.metadata !== undefined) data.metadata = e.metadata as Record<string, unknown> | null;
      }
    } catch {
      // Not JSON after all: the default error says what came.
    }
  }
  const Class = BY_STATUS[meta.response.status];
  if (data && Class) return new Class(data, meta);
  if (data) return new ApiResponseError(data, meta);
  return new TaskShareDefaultError('API error occurred', meta);
}

/** A 2xx whose body is not what the call returns: not JSON, empty, truncated, the wrong content type or the wrong shape. */
export class ResponseValidationError extends TaskShareError {
  /** The parsed JSON when there was some, else the text. */
  readonly rawValue: unknown;
  /** Where in the body the first problem is, e.g. `data.classifications[2].usage_share` ('' for the body as a whole). */
  readonly path: string;
  constructor(message: string, meta: HttpMeta & { rawValue: unknown; path?: string; cause?: unknown }) {
    super(`Response validation failed: ${message}`, meta, { cause: meta.cause });
    this.name = 'ResponseValidationError';
    this.rawValue = meta.rawValue;
    this.path = meta.path ?? '';
  }
}

/** An argument refused before anything was sent; `argument` names it (`window`, `events[3].id`). */
export class SDKValidationError extends Error {
  readonly argument: string;
  readonly rawValue: unknown;
  constructor(argument: string, problem: string, rawValue: unknown) {
    super(`Invalid argument ${argument}: ${problem}`);
    this.name = 'SDKValidationError';
    this.argument = argument;
    this.rawValue = rawValue;
  }
}

/** Base of the errors that came without a response. */
export class HTTPClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HTTPClientError';
  }
}
/** The server could not be reached, or the connection broke before the whole response came. */
export class ConnectionError extends HTTPClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}
/** A try took longer than `timeoutMs`. */
export class RequestTimeoutError extends HTTPClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RequestTimeoutError';
  }
}
/** The caller's AbortSignal fired, during a request or a wait between tries. */
export class RequestAbortedError extends HTTPClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RequestAbortedError';
  }
}

/** Something failed that is none of the above (an apiKey function that threw, say); `cause` holds it. */
export class UnexpectedClientError extends HTTPClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnexpectedClientError';
  }
}

/** Retry-After (seconds or an HTTP date), or retry-after-ms, in milliseconds. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The official SDK's names for the same classes, so code written against `@openrouter/sdk` reads the same. */
export { TaskShareDefaultError as OpenRouterDefaultError, TaskShareError as OpenRouterError };
