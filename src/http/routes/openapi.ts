/** GET /api/v1/openapi.yaml and .json: taskshare's API description; no key needed. */
import type { FastifyInstance } from 'fastify';
import { sendCompressible } from '../compress.ts';
import { OPENAPI_JSON, OPENAPI_YAML } from '../openapi.ts';
import { onlyMethods } from './methods.ts';

const OPENAPI_JSON_BYTES = Buffer.from(OPENAPI_JSON);
const OPENAPI_YAML_BYTES = Buffer.from(OPENAPI_YAML);

export function openapiRoutes(app: FastifyInstance): void {
  app.get('/api/v1/openapi.json', (request, reply) =>
    sendCompressible(request, reply.header('content-type', 'application/json'), OPENAPI_JSON_BYTES),
  );
  app.get('/api/v1/openapi.yaml', (request, reply) =>
    sendCompressible(request, reply.header('content-type', 'application/yaml'), OPENAPI_YAML_BYTES),
  );
  for (const url of ['/api/v1/openapi.json', '/api/v1/openapi.yaml']) onlyMethods(app, url, ['GET', 'HEAD']);
}
