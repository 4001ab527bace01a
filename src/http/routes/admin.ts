/**
 * The admin API behind an `admin` key: the running server owns the store (DuckDB allows one writer
 * process), so the CLI administers keys through here. It spends its own per-key limit, never the read
 * endpoint's. Bodies are validated strictly (no coercion, no unknown fields): a mistyped field must not
 * silently make a key with other powers than asked for.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { KeyService } from '../../auth/keys.ts';
import { ApiError } from '../../errors/index.ts';
import { type ApiKeyRecord, SCOPES, type Scope } from '../../store/interface.ts';
import { type GuardDeps, guard } from '../guard.ts';
import { sendJson } from '../reply.ts';
import { onlyMethods } from './methods.ts';

const CreateBody = z.strictObject({
  account: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only'),
  scopes: z
    .array(z.enum(SCOPES as [Scope, ...Scope[]]))
    .min(1)
    .optional(),
});

/** Key ids are `key_` and hex (auth/keys.ts); anything outside this never reaches the store. */
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The first problem of a body, naming its field: `Invalid request: "scopes" ...`. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys')
    return `Invalid request: unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; allowed: "account", "scopes"`;
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
  return `Invalid request: field "${field}": ${issue.message}`;
}

const view = (r: ApiKeyRecord) => ({
  id: r.id,
  account: r.account,
  prefix: r.prefix,
  scopes: r.scopes,
  created_at: r.createdAt,
  revoked_at: r.revokedAt,
});

export function adminRoutes(app: FastifyInstance, deps: GuardDeps & { keys: KeyService }): void {
  const onRequest = guard(deps, 'admin', 'admin');
  app.register(async (scope) => {
    // The body is read as text and parsed here: Fastify's parser refuses a `__proto__` key as "not valid
    // JSON", and its schema check coerces types and drops unknown fields.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new ApiError('badRequest', 'Invalid request: the body is not valid JSON'), undefined);
      }
    });
    scope.post<{ Body: unknown }>('/api/v1/admin/keys', { onRequest }, async (request, reply) => {
      const parsed = CreateBody.safeParse(request.body);
      if (!parsed.success) throw new ApiError('badRequest', describe(parsed.error));
      const { key, record } = await deps.keys.create(parsed.data.account, parsed.data.scopes ?? ['read']);
      // The key itself is in this response only: it is stored as a hash.
      return sendJson(reply, 201, { data: { ...view(record), key } });
    });
  });
  app.get('/api/v1/admin/keys', { onRequest }, async (_request, reply) =>
    sendJson(reply, 200, { data: (await deps.keys.list()).map(view) }),
  );
  app.delete<{ Params: { id: string } }>('/api/v1/admin/keys/:id', { onRequest }, async (request, reply) => {
    const { id } = request.params;
    if (!KEY_ID.test(id))
      throw new ApiError('badRequest', 'Invalid key id: at most 64 letters, digits, "_" or "-" (as `keys list` shows them)');
    if (!(await deps.keys.revoke(id))) throw new ApiError('notFound', `No API key with id ${JSON.stringify(id)}`);
    return sendJson(reply, 200, { data: { id, revoked: true } });
  });
  onlyMethods(app, '/api/v1/admin/keys', ['GET', 'HEAD', 'POST']);
  onlyMethods(app, '/api/v1/admin/keys/:id', ['DELETE']);
}
