/**
 * How CLI commands reach the running server: TASKSHARE_URL, and a key from the environment or the
 * data directory. Failures become CliError with a sentence a person can act on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

export async function call<T>(method: string, path: string, key: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${serverUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new CliError(
      `cannot reach the server at ${serverUrl()} ` +
        `(${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}); is it ` +
        `running? Set TASKSHARE_URL if it is elsewhere.`,
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`the server answered ${response.status} with a body that is not JSON`);
  }
  if (!response.ok) {
    const message = (json as { error?: { message?: string } }).error?.message ?? response.statusText;
    throw new CliError(`${response.status}: ${message}`);
  }
  return json as T;
}
