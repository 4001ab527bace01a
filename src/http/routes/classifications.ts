/**
 * GET /api/v1/classifications/task, to the OpenAPI contract: the snapshot body as computed once, with
 * an ETag and the contract's caching headers.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/index.ts';
import type { SnapshotService } from '../../snapshots/snapshot.ts';
import { JSON_TYPE } from '../reply.ts';
import type { GuardDeps } from '../guard.ts';
import { guard } from '../guard.ts';
import { onlyMethods } from './methods.ts';

export const ALLOWED_WINDOWS = ['7d'] as const;
const CACHE_CONTROL = 'private, max-age=60, stale-while-revalidate=300';

/** `window` may be absent (the TypeScript SDK sends no query string) or exactly one allowed value. */
function checkWindow(url: string): void {
  const q = url.indexOf('?');
  if (q === -1) return;
  // Other parameters are ignored, as the SDKs may add their own.
  const values = new URLSearchParams(url.slice(q + 1)).getAll('window');
  if (values.length === 0) return;
  const allowed = ALLOWED_WINDOWS.map((w) => `"${w}"`).join(', ');
  if (values.length > 1) throw new ApiError('badRequest', `Invalid request parameters: window must be given once; allowed values: ${allowed}`);
  if (!(ALLOWED_WINDOWS as readonly string[]).includes(values[0]!)) {
    throw new ApiError('badRequest', `Invalid request parameters: window ${JSON.stringify(values[0])} is not supported; allowed values: ${allowed}`);
  }
}

/** True when an If-None-Match list names `etag` (weak comparison, as RFC 9110 asks for GET). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

export function classificationsRoute(app: FastifyInstance, deps: GuardDeps & { snapshots: SnapshotService }): void {
  const url = '/api/v1/classifications/task';
  app.get(url, { preHandler: guard(deps, 'read', 'read') }, async (request, reply) => {
    checkWindow(request.url);
    const snapshot = await deps.snapshots.current();
    reply.headers({ 'content-type': JSON_TYPE, 'cache-control': CACHE_CONTROL, etag: snapshot.etag });
    if (matches(request.headers['if-none-match'], snapshot.etag)) return reply.code(304).send();
    return reply.send(snapshot.body);
  });
  onlyMethods(app, url, ['GET', 'HEAD']);
}
