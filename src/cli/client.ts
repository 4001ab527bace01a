/**
 * How CLI commands reach the running server: TASKSHARE_URL, and a key from the environment or the
 * data directory, through @taskshare/sdk. Failures become CliError with a sentence a person can act on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiResponseError, ConnectionError, SDKValidationError, TaskShare, TaskShareError } from '@taskshare/sdk';
import { ADMIN_KEY_FILE } from '../auth/bootstrap.ts';

export class CliError extends Error {}

export const serverUrl = (): string => (process.env.TASKSHARE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');

/** TASKSHARE_ADMIN_KEY, else `<data>/admin.key` (data from --data, TASKSHARE_DATA_DIR or ./data). */
export function adminKey(dataDir?: string): string {
  const fromEnv = process.env.TASKSHARE_ADMIN_KEY;
  if (fromEnv) return fromEnv.trim();
  const path = join(dataDir ?? process.env.TASKSHARE_DATA_DIR ?? './data', ADMIN_KEY_FILE);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw new CliError(`no admin key: set TASKSHARE_ADMIN_KEY or run the server once so that it writes ${path}`);
  }
}

/** The SDK at TASKSHARE_URL with `key`. No retries: a command says at once what is wrong. */
export const client = (key: string): TaskShare =>
  new TaskShare({ apiKey: key, serverURL: `${serverUrl()}/api/v1`, retryConfig: { strategy: 'none' } });

/** The innermost message of an error: `connect ECONNREFUSED 127.0.0.1:9`, not `fetch failed`. */
export function innermost(err: Error): string {
  let e: Error = err;
  while (e.cause instanceof Error) e = e.cause;
  return e.message;
}

/** An SDK failure as the sentence the CLI prints. */
export function cliError(err: unknown): CliError | unknown {
  if (err instanceof ConnectionError)
    return new CliError(
      `cannot reach the server at ${serverUrl()} (${innermost(err)}); is it running? Set TASKSHARE_URL if it is elsewhere.`,
    );
  if (err instanceof ApiResponseError) return new CliError(`${err.statusCode}: ${err.error.message}`);
  if (err instanceof TaskShareError) {
    let json = true;
    try {
      JSON.parse(err.body);
    } catch {
      json = false;
    }
    return new CliError(
      json
        ? `${err.statusCode}: ${err.rawResponse.statusText || err.message}`
        : `the server answered ${err.statusCode} with a body that is not JSON`,
    );
  }
  if (err instanceof SDKValidationError) return new CliError(err.message);
  return err;
}

/** What an SDK call resolves to, or its failure as a CliError. */
export async function call<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    throw cliError(err);
  }
}
