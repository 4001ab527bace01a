/**
 * POSTs one batch to /api/v1/events, through @taskshare/sdk, until it is committed, a failure is certain,
 * or the bounded retries run out. Re-sending is always safe: ingestion is idempotent by event id, so
 * events a lost response had already committed come back as duplicates, never twice.
 */
import {
  ApiResponseError,
  ConnectionError,
  eventsSend,
  RequestAbortedError,
  ResponseValidationError,
  type RetryConfig,
  TaskShareCore,
  TaskShareError,
  TooManyRequestsResponseError,
} from '@taskshare/sdk';
import { innermost } from '../client.ts';

export interface BatchSummary {
  accepted: number;
  duplicates: number;
  sampled_out: number;
  rejected: Array<{ line: number; id?: string; reason: string }>;
  /** Of `accepted`, those outside the current window (absent from servers before it was added). */
  outside_window?: { count: number; today: number; older: number };
}

export type SendResult =
  | { ok: true; summary: BatchSummary }
  | { ok: false; aborted: true }
  | { ok: false; aborted: false; message: string };

export interface SendOptions {
  url: string;
  key: string;
  /** The sentence for a refused key (401), naming where it came from; given the server's message. */
  refusedKey?: (serverMessage: string) => string;
  /** Tries after the first, for 5xx and connection errors; 429 waits do not use them up. */
  retries: number;
  /** Aborts the request in flight and any wait (a second Ctrl-C). */
  signal?: AbortSignal;
  /** Ends only the waits between tries (a first Ctrl-C): a batch waiting is not in flight, so nothing is lost. */
  stopWaits?: AbortSignal;
  /** Told of each wait, so a progress display can say why nothing moves. */
  onWait?: (why: string, ms: number) => void;
}

/** Beyond this a Retry-After is not pacing (the ingest limit waits at most a minute): better to stop and say so. */
const MAX_RETRY_AFTER_S = 15 * 60;
/** 429s are the server pacing us (the ingest limit: events per account, counted per minute), but a loop of them must still end. */
const MAX_RATE_LIMITED = 100;

/** Bounded by counts, not time: a long file under the ingest limit waits out many minutes of 429s. */
const retriesOf = (retries: number): RetryConfig => ({
  strategy: 'backoff',
  backoff: { initialInterval: 500, maxInterval: 30_000, exponent: 2, maxElapsedTime: Number.POSITIVE_INFINITY },
  retryConnectionErrors: true,
  retry429: true,
  maxRetries: retries,
  max429Retries: MAX_RATE_LIMITED,
  maxRetryAfterMs: MAX_RETRY_AFTER_S * 1000,
});

function messageOf(err: TaskShareError): string {
  if (err instanceof ApiResponseError) return err.error.message;
  try {
    return (JSON.parse(err.body) as { error?: { message?: string } }).error?.message ?? err.rawResponse.statusText;
  } catch {
    return err.body.slice(0, 200) || err.rawResponse.statusText;
  }
}

/** The sentence for a status that retrying cannot fix. */
function fatal(status: number, message: string, events: number, bytes: number): string {
  if (status === 401)
    return `the server refused the key (401: ${message}); pass --key or set TASKSHARE_INGEST_KEY to a key with the ingest scope`;
  if (status === 403)
    return `the key may not ingest (403: ${message}); create one with \`taskshare keys create --account <name> --scope ingest\``;
  if (status === 413)
    return (
      `the server refused a batch of ${events} events, ${bytes} bytes, as too large (413: ${message}); ` +
      'lower --batch-size or --batch-bytes'
    );
  return `the server refused the batch (${status}: ${message})`;
}

export async function sendBatch(body: Buffer, events: number, options: SendOptions): Promise<SendResult> {
  let tries = 1;
  const core = new TaskShareCore({ apiKey: options.key, serverURL: `${options.url}/api/v1` });
  const sent = await eventsSend(core, body, {
    gzip: false,
    retries: retriesOf(options.retries),
    signal: options.signal,
    retrySignal: options.stopWaits,
    onRetry: (e) => {
      if (e.statusCode !== 429) tries += 1;
      const why =
        e.statusCode === 429
          ? 'rate limited'
          : e.statusCode !== undefined
            ? `server error ${e.statusCode}`
            : `connection error (${innermost(e.error!)})`;
      options.onWait?.(why, e.delayMs);
    },
  });
  if (sent.ok) {
    const s = sent.value;
    return {
      ok: true,
      summary: {
        accepted: s.accepted,
        duplicates: s.duplicates,
        sampled_out: s.sampledOut,
        rejected: s.rejected,
        ...(s.outsideWindow ? { outside_window: s.outsideWindow } : {}),
      },
    };
  }
  const err = sent.error;
  if (err instanceof RequestAbortedError || options.signal?.aborted) return { ok: false, aborted: true };
  const fail = (message: string): SendResult => ({ ok: false, aborted: false, message });
  if (err instanceof ConnectionError)
    return fail(
      `cannot reach the server at ${options.url} (${innermost(err)}) after ${tries} tries; is it running? Set TASKSHARE_URL or --url ` +
        `if it is elsewhere`,
    );
  if (err instanceof ResponseValidationError)
    return fail(`the server answered ${err.statusCode} with a body that is not the ingest summary (${err.message})`);
  if (!(err instanceof TaskShareError)) return fail(err.message);
  const status = err.statusCode;
  const message = messageOf(err);
  if (err instanceof TooManyRequestsResponseError) {
    const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 1000) / 1000));
    return fail(
      `rate limited (429: ${message}; retry after ${seconds} s); run the same command again later: what was sent is not counted twice`,
    );
  }
  if (status >= 500 || status === 408) return fail(`the server kept failing (${status}: ${message}) after ${tries} tries`);
  if (status === 401 && options.refusedKey) return fail(options.refusedKey(message));
  return fail(fatal(status, message, events, body.length));
}
