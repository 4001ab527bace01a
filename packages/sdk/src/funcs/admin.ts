/**
 * The admin API (an admin key): `keysCreate`, `keysList`, `keysRevoke` on /admin/keys, and `demoRemove`.
 *
 * @example
 * const res = await keysCreate(core, { account: 'acme', scopes: ['ingest'] });
 * if (res.ok) console.log(res.value.data.key); // shown only now
 */
import type { RequestOptions, TaskShareCore } from '../core.ts';
import { SDKValidationError } from '../errors.ts';
import { firstError, requestObject, text } from '../lib/args.ts';
import { ERR, type Result } from '../lib/result.ts';
import {
  type ApiKeyInfo,
  type CreatedApiKey,
  type CreateKeyRequest,
  parseCreatedKey,
  parseDemoRemoved,
  parseKeyList,
  parseRevoked,
  SCOPES,
} from '../models/keys.ts';
import { request, type TaskShareCallError } from './call.ts';

// The server's own rules (src/http/routes/admin.ts), so a mistake is caught before it is sent.
const ACCOUNT = /^[A-Za-z0-9._@-]+$/;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function keysCreate(
  client: TaskShareCore,
  req: CreateKeyRequest,
  options?: RequestOptions,
): Promise<Result<{ data: CreatedApiKey }, TaskShareCallError>> {
  const args = requestObject('request', req);
  if (args instanceof SDKValidationError) return Promise.resolve(ERR(args));
  const account = text('account', args.account, { required: true, max: 128, pattern: ACCOUNT, hint: 'letters, digits and . _ @ - only' });
  let scopes: unknown = args.scopes;
  if (scopes !== undefined) {
    if (!Array.isArray(scopes) || scopes.length === 0)
      scopes = new SDKValidationError('scopes', `expected a non-empty array of ${SCOPES.join(', ')}`, scopes);
    else {
      const i = scopes.findIndex((s) => !(SCOPES as readonly unknown[]).includes(s));
      if (i !== -1)
        scopes = new SDKValidationError(
          `scopes[${i}]`,
          `expected one of ${SCOPES.join(', ')}, got ${JSON.stringify(scopes[i])}`,
          scopes[i],
        );
    }
  }
  const bad = firstError(account, scopes);
  if (bad) return Promise.resolve(ERR(bad));
  const body = JSON.stringify(scopes === undefined ? { account } : { account, scopes });
  return request(
    client,
    { method: 'POST', path: '/admin/keys', body, headers: { 'content-type': 'application/json' } },
    parseCreatedKey,
    options,
  );
}

export function keysList(client: TaskShareCore, options?: RequestOptions): Promise<Result<{ data: ApiKeyInfo[] }, TaskShareCallError>> {
  return request(client, { method: 'GET', path: '/admin/keys' }, parseKeyList, options);
}

export function keysRevoke(
  client: TaskShareCore,
  id: string,
  options?: RequestOptions,
): Promise<Result<{ data: { id: string; revoked: boolean } }, TaskShareCallError>> {
  const bad = firstError(
    text('id', id, { required: true, pattern: KEY_ID, hint: 'at most 64 letters, digits, "_" or "-" (as keys.list shows them)' }),
  );
  if (bad) return Promise.resolve(ERR(bad));
  return request(client, { method: 'DELETE', path: `/admin/keys/${encodeURIComponent(id)}` }, parseRevoked, options);
}

/** Removes the demo dataset's events and their share of the rollups. */
export function demoRemove(
  client: TaskShareCore,
  options?: RequestOptions,
): Promise<Result<{ data: { removed: number } }, TaskShareCallError>> {
  return request(client, { method: 'DELETE', path: '/admin/demo' }, parseDemoRemoved, options);
}
