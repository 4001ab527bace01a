/**
 * The one list of every error the API can answer with: status and message template. The HTTP layer
 * turns an ApiError into `{"error":{"code":<status>,"message":"..."}}`; nothing else writes error bodies.
 */
export const ERRORS = {
  badRequest: { status: 400, message: 'Invalid request parameters' },
  missingAuth: { status: 401, message: 'Missing Authentication header' },
  invalidAuth: { status: 401, message: 'Invalid Authentication header: expected "Bearer <key>"' },
  invalidKey: { status: 401, message: 'Invalid or revoked API key' },
  forbidden: { status: 403, message: 'This API key lacks the required scope' },
  notFound: { status: 404, message: 'Not Found' },
  methodNotAllowed: { status: 405, message: 'Method Not Allowed' },
  payloadTooLarge: { status: 413, message: 'Payload Too Large' },
  uriTooLong: { status: 414, message: 'URI Too Long' },
  unsupportedMediaType: { status: 415, message: 'Unsupported Media Type' },
  headersTooLarge: { status: 431, message: 'Request Header Fields Too Large' },
  rateLimited: { status: 429, message: 'Rate limit exceeded' },
  internal: { status: 500, message: 'Internal Server Error' },
  unavailable: { status: 503, message: 'Service Unavailable' },
} as const;

export type ErrorKind = keyof typeof ERRORS;

export class ApiError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(kind: ErrorKind, message?: string, headers: Record<string, string> = {}) {
    super(message ?? ERRORS[kind].message);
    this.name = 'ApiError';
    this.status = ERRORS[kind].status;
    this.headers = headers;
  }
}

/** The wire shape of every error: the official SDKs parse `code` as an integer equal to the status. */
export function errorBody(status: number, message: string): string {
  return JSON.stringify({ error: { code: status, message } });
}
