/**
 * A received response to a value or an error: an error status becomes its error class; a 2xx must be
 * JSON (by content type and by parse) of the expected shape, or it is a ResponseValidationError that says
 * what came instead (HTML, nothing, a cut-off body).
 */
import { errorFromResponse, ResponseValidationError, type TaskShareError } from '../errors.ts';
import type { Received } from './http.ts';
import { ERR, OK, type Result } from './result.ts';
import { Invalid, type Parser } from './validate.ts';

const HTML = /^\s*<(!doctype|html|head|body)/i;

export function decode<T>(received: Received, parse: Parser<T>): Result<T, TaskShareError> {
  const { response, body } = received;
  if (response.status < 200 || response.status > 299) return ERR(errorFromResponse(received));
  const fail = (message: string, rawValue: unknown = body, path = '', cause?: unknown) =>
    ERR(new ResponseValidationError(message, { ...received, rawValue, path, cause }));
  const type = response.headers.get('content-type') ?? '';
  if (body.trim() === '') return fail(`the ${response.status} response has an empty body; expected JSON`);
  if (!/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(type)) {
    const html = HTML.test(body) || /^text\/html/i.test(type);
    return fail(
      `expected Content-Type application/json, got ${type ? JSON.stringify(type) : 'none'}${
        html ? ': an HTML page (is serverURL the API base, e.g. https://host/api/v1, and not a web page?)' : ''
      }`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    const cut = /end of (JSON )?input|unterminated|Expected .* after/i.test((err as Error).message);
    return fail(`the body is not valid JSON${cut ? ', it ends too early (truncated)' : ''}: ${(err as Error).message}`, body, '', err);
  }
  try {
    return OK(parse(value, ''));
  } catch (err) {
    if (err instanceof Invalid) return fail(err.message, value, err.path, err);
    throw err;
  }
}

/** A 2xx must be `text/csv`; its body is the value, as the server wrote it. */
export function decodeCsv(received: Received): Result<string, TaskShareError> {
  const { response, body } = received;
  if (response.status < 200 || response.status > 299) return ERR(errorFromResponse(received));
  const type = response.headers.get('content-type') ?? '';
  if (!/^text\/csv\s*(;|$)/i.test(type)) {
    return ERR(
      new ResponseValidationError(`expected Content-Type text/csv, got ${type ? JSON.stringify(type) : 'none'}`, {
        ...received,
        rawValue: body,
        path: '',
      }),
    );
  }
  return OK(body);
}
