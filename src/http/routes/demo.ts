/** DELETE /api/v1/admin/demo with an `admin` key: the demo's events and their rollups go (`taskshare demo remove`). */
import type { FastifyInstance } from 'fastify';
import { guard, type GuardDeps } from '../guard.ts';
import { onlyMethods } from './methods.ts';
import { sendJson } from '../reply.ts';

export interface DemoRouteDeps extends GuardDeps {
  /** Resolves to the number of demo events removed. */
  removeDemo: () => Promise<number>;
}

export function demoRoute(app: FastifyInstance, deps: DemoRouteDeps): void {
  const url = '/api/v1/admin/demo';
  app.delete(url, { onRequest: guard(deps, 'admin', 'admin') }, async (_request, reply) =>
    sendJson(reply, 200, { data: { removed: await deps.removeDemo() } }));
  onlyMethods(app, url, ['DELETE']);
}
