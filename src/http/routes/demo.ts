/** DELETE /api/v1/admin/demo with an `admin` key: the demo's events and their rollups go (`taskshare demo remove`). */
import type { FastifyInstance } from 'fastify';
import { type GuardDeps, guard } from '../guard.ts';
import { sendJson } from '../reply.ts';
import { onlyMethods } from './methods.ts';

export interface DemoRouteDeps extends GuardDeps {
  /** Resolves to the number of demo events removed. */
  removeDemo: () => Promise<number>;
}

export function demoRoute(app: FastifyInstance, deps: DemoRouteDeps): void {
  const url = '/api/v1/admin/demo';
  app.delete(url, { onRequest: guard(deps, 'admin', 'admin') }, async (_request, reply) =>
    sendJson(reply, 200, { data: { removed: await deps.removeDemo() } }),
  );
  onlyMethods(app, url, ['DELETE']);
}
