/**
 * GET /api/v1/classifications/task, to the OpenAPI contract: the snapshot body as computed once, with
 * an ETag and the contract's caching headers.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/index.ts';
import type { SnapshotService } from '../../snapshots/snapshot.ts';
import { type Coding, chooseEncoding, encodedBody } from '../compress.ts';
import { corsFor } from '../cors.ts';
import type { GuardDeps } from '../guard.ts';
import { guard } from '../guard.ts';
import { JSON_TYPE } from '../reply.ts';
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
  if (values.length > 1)
    throw new ApiError('badRequest', `Invalid request parameters: window must be given once; allowed values: ${allowed}`);
  if (!(ALLOWED_WINDOWS as readonly string[]).includes(values[0]!)) {
    throw new ApiError(
      'badRequest',
      `Invalid request parameters: window ${JSON.stringify(values[0])} is not supported; allowed values: ${allowed}`,
    );
  }
}

/**
 * Each content coding is its own representation with its own strong ETag: the identity ETag with a
 * suffix (Apache's convention). A client holding any of them has the current data.
 */
const variantEtag = (etag: string, coding: Coding) => (coding === 'identity' ? etag : `${etag.slice(0, -1)}-${coding}"`);
const strong = (tag: string) => tag.replace(/^W\//, '');
const baseEtag = (tag: string) => strong(tag).replace(/-(gzip|br)"$/, '"');

/**
 * The tag of an If-None-Match list that names `etag` in any coding (weak comparison, as RFC 9110 asks
 * for GET), to answer the 304 with: the representation the client holds. Undefined when none does.
 */
function matching(ifNoneMatch: string | undefined, etag: string, current: string): string | undefined {
  if (!ifNoneMatch) return undefined;
  for (const t of ifNoneMatch.split(',')) {
    const tag = t.trim();
    if (tag === '*') return current;
    if (baseEtag(tag) === etag) return strong(tag);
  }
  return undefined;
}

export function classificationsRoute(app: FastifyInstance, deps: GuardDeps & { snapshots: SnapshotService; corsOrigins: string }): void {
  const url = '/api/v1/classifications/task';
  const cors = corsFor(deps.corsOrigins, ['GET', 'HEAD']);
  // CORS first: a browser can read even a 401 or a 429.
  app.get(url, { onRequest: [cors.headers, guard(deps, 'read', 'read')] }, async (request, reply) => {
    checkWindow(request.url);
    const snapshot = await deps.snapshots.current();
    // Encoded once per snapshot and kept with its body (compress.ts).
    const sent = encodedBody(snapshot.body, chooseEncoding(request.headers['accept-encoding']));
    const etag = variantEtag(snapshot.etag, sent.coding);
    reply.headers({ 'content-type': JSON_TYPE, 'cache-control': CACHE_CONTROL });
    const held = matching(request.headers['if-none-match'], snapshot.etag, etag);
    if (held !== undefined) return reply.header('etag', held).code(304).send();
    reply.header('etag', etag);
    if (sent.coding !== 'identity') reply.header('content-encoding', sent.coding);
    return reply.send(sent.bytes);
  });
  app.options(url, { config: { preflight: true } }, cors.preflight);
  onlyMethods(app, url, ['GET', 'HEAD', 'OPTIONS']);
}
