/** GET /api/v1/openapi.yaml and .json: taskshare's API description; no key needed. */
import type { FastifyInstance } from 'fastify';
import { OPENAPI_JSON, OPENAPI_YAML } from '../openapi.ts';

const OPENAPI_JSON_BYTES = Buffer.from(OPENAPI_JSON);
import { onlyMethods } from './methods.ts';

export function openapiRoutes(app: FastifyInstance): void {
  app.get('/api/v1/openapi.json', (_request, reply) => reply.header('content-type', 'application/json').send(OPENAPI_JSON_BYTES));
  app.get('/api/v1/openapi.yaml', (_request, reply) => reply.header('content-type', 'application/yaml').send(OPENAPI_YAML));
  for (const url of ['/api/v1/openapi.json', '/api/v1/openapi.yaml']) onlyMethods(app, url, ['GET', 'HEAD']);
}
