/**
 * The admin API behind an `admin` key: the running server owns the store (DuckDB allows one writer
 * process), so the CLI administers keys through here.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/index.ts';
import type { KeyService } from '../../auth/keys.ts';
import { SCOPES, type ApiKeyRecord, type Scope } from '../../store/interface.ts';
import { guard, type GuardDeps } from '../guard.ts';
import { onlyMethods } from './methods.ts';
import { sendJson } from '../reply.ts';

const createBody = {
  type: 'object',
  required: ['account'],
  additionalProperties: false,
  properties: {
    account: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._@-]+$' },
    scopes: { type: 'array', minItems: 1, items: { type: 'string', enum: [...SCOPES] } },
  },
} as const;

const view = (r: ApiKeyRecord) => ({
  id: r.id, account: r.account, prefix: r.prefix, scopes: r.scopes, created_at: r.createdAt, revoked_at: r.revokedAt,
});

export function adminRoutes(app: FastifyInstance, deps: GuardDeps & { keys: KeyService }): void {
  const onRequest = guard(deps, 'admin');
  app.post<{ Body: { account: string; scopes?: Scope[] } }>('/api/v1/admin/keys', { onRequest, schema: { body: createBody } }, async (request, reply) => {
    const { key, record } = await deps.keys.create(request.body.account, request.body.scopes ?? ['read']);
    // The key itself is in this response only: it is stored as a hash.
    return sendJson(reply, 201, { data: { ...view(record), key } });
  });
  app.get('/api/v1/admin/keys', { onRequest }, async (_request, reply) => sendJson(reply, 200, { data: (await deps.keys.list()).map(view) }));
  app.delete<{ Params: { id: string } }>('/api/v1/admin/keys/:id', { onRequest }, async (request, reply) => {
    if (!(await deps.keys.revoke(request.params.id))) throw new ApiError('notFound', `No API key with id ${JSON.stringify(request.params.id)}`);
    return sendJson(reply, 200, { data: { id: request.params.id, revoked: true } });
  });
  onlyMethods(app, '/api/v1/admin/keys', ['GET', 'HEAD', 'POST']);
  onlyMethods(app, '/api/v1/admin/keys/:id', ['DELETE']);
}
