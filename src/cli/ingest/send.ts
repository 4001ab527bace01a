/**
 * POSTs one batch to /api/v1/events until it is committed, a failure is certain, or the bounded retries
 * run out. Re-sending is always safe: ingestion is idempotent by event id, so events a lost response
 * had already committed come back as duplicates, never twice.
 */
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
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;

/** Exponential with jitter (half to full), so many clients retrying do not retry in step. */
export const backoffMs = (attempt: number): number =>
  Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt) * (0.5 + Math.random() * 0.5);

function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = (completed: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? response.statusText;
  } catch {
    return text.slice(0, 200) || response.statusText;
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
      `the server refused a batch of ${events} events, ${bytes} bytes, as too large (413: ${message}); lower --batch-size or ` +
      `--batch-bytes`
    );
  return `the server refused the batch (${status}: ${message})`;
}

export async function sendBatch(body: Buffer, events: number, options: SendOptions): Promise<SendResult> {
  const endpoint = `${options.url}/api/v1/events`;
  let failures = 0;
  let rateLimited = 0;
  const waits =
    options.stopWaits && options.signal ? AbortSignal.any([options.stopWaits, options.signal]) : (options.stopWaits ?? options.signal);
  for (;;) {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/x-ndjson', accept: 'application/json' },
        // Buffer.concat made this buffer, so its memory is a plain ArrayBuffer, as fetch's types want.
        body: body as Uint8Array<ArrayBuffer>,
        signal: options.signal,
      });
    } catch (err) {
      if (options.signal?.aborted) return { ok: false, aborted: true };
      const cause = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message;
      if (failures >= options.retries)
        return {
          ok: false,
          aborted: false,
          message:
            `cannot reach the server at ${options.url} (${cause}) after ${failures + 1} tries; is it running? Set ` +
            `TASKSHARE_URL or --url if it is elsewhere`,
        };
      const wait = backoffMs(failures++);
      options.onWait?.(`connection error (${cause})`, wait);
      if (!(await sleep(wait, waits))) return { ok: false, aborted: true };
      continue;
    }

    if (response.status === 200) {
      try {
        return { ok: true, summary: ((await response.json()) as { data: BatchSummary }).data };
      } catch (err) {
        if (options.signal?.aborted) return { ok: false, aborted: true };
        return {
          ok: false,
          aborted: false,
          message: `the server answered 200 with a body that is not the ingest summary (${(err as Error).message})`,
        };
      }
    }
    const message = await errorMessage(response);
    if (response.status === 429) {
      const seconds = Math.max(1, Number(response.headers.get('retry-after')) || 1);
      if (seconds > MAX_RETRY_AFTER_S || ++rateLimited > MAX_RATE_LIMITED) {
        return {
          ok: false,
          aborted: false,
          message:
            `rate limited (429: ${message}; retry after ${seconds} s); run the same command again later: what was sent is ` +
            `not counted twice`,
        };
      }
      options.onWait?.('rate limited', seconds * 1000);
      if (!(await sleep(seconds * 1000, waits))) return { ok: false, aborted: true };
      continue;
    }
    if (response.status >= 500 || response.status === 408) {
      if (failures >= options.retries)
        return {
          ok: false,
          aborted: false,
          message: `the server kept failing (${response.status}: ${message}) after ${failures + 1} tries`,
        };
      const wait = backoffMs(failures++);
      options.onWait?.(`server error ${response.status}`, wait);
      if (!(await sleep(wait, waits))) return { ok: false, aborted: true };
      continue;
    }
    const refused = response.status === 401 && options.refusedKey;
    return { ok: false, aborted: false, message: refused ? refused(message) : fatal(response.status, message, events, body.length) };
  }
}
