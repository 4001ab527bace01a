/**
 * taskshare's whole API description: the classifications endpoint exactly as the OpenRouter contract
 * has it (copied, not rewritten), plus taskshare's own endpoints.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import eventSchema from '../../schemas/event.schema.json' with { type: 'json' };
import { VERSION } from '../version.ts';
import { nullableTo31 } from './openapi-31.ts';
import { tasksharePaths, taskshareSchemas } from './openapi-taskshare.ts';

type Doc = {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};
const contract = nullableTo31(parse(readFileSync(new URL('../../spec/openrouter-classifications.yaml', import.meta.url), 'utf8'))) as Doc;
// Inlined, so the served document needs no file the server does not serve.
const { $schema: _dialect, $id: _id, ...event } = eventSchema as Record<string, unknown>;

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
});
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), error(`Error ${s}`)]));
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const root = [{ url: '/', description: 'Served at the root, not under /api/v1' }];

/** Of an ingest answer's accepted events, those today's snapshot leaves out (events and integrations alike). */
const outsideWindow = {
  type: 'object',
  required: ['count', 'today', 'older', 'window'],
  description: "Of the accepted events, those today's snapshot does not count: the window is the 7 UTC days ending yesterday.",
  properties: {
    count: { type: 'integer', description: 'today + older' },
    today: { type: 'integer', description: 'Dated today (UTC) or later: they count from the next UTC day on' },
    older: { type: 'integer', description: "Dated before the window: stored, but not in today's snapshot" },
    window: {
      type: 'object',
      required: ['from', 'to'],
      properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } },
    },
    reason: { type: 'string', description: 'Present when count > 0' },
  },
};

const ownSchemas = {
  ErrorResponse: {
    type: 'object',
    required: ['error'],
    properties: {
      error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'integer' }, message: { type: 'string' } } },
    },
  },
  Event: event,
  IngestSummary: {
    type: 'object',
    required: ['data'],
    properties: {
      data: {
        type: 'object',
        required: ['accepted', 'duplicates', 'sampled_out', 'rejected'],
        properties: {
          accepted: { type: 'integer' },
          duplicates: { type: 'integer' },
          sampled_out: { type: 'integer' },
          rejected: {
            type: 'array',
            items: {
              type: 'object',
              required: ['line', 'reason'],
              properties: { line: { type: 'integer' }, id: { type: 'string' }, reason: { type: 'string' } },
            },
          },
          outside_window: outsideWindow,
        },
      },
    },
  },
  IntegrationSummary: {
    type: 'object',
    required: ['data'],
    properties: {
      data: {
        type: 'object',
        required: ['accepted', 'duplicates', 'sampled_out', 'rejected', 'failed', 'skipped'],
        properties: {
          accepted: { type: 'integer' },
          duplicates: { type: 'integer' },
          sampled_out: { type: 'integer' },
          failed: { type: 'integer', description: 'Failed LLM calls: counted, not classified or stored' },
          skipped: { type: 'integer', description: 'Calls that are not generation requests (embeddings, images, ...)' },
          rejected: {
            type: 'array',
            items: {
              type: 'object',
              required: ['line', 'reason'],
              properties: { line: { type: 'integer' }, id: { type: 'string' }, reason: { type: 'string' } },
            },
          },
          outside_window: outsideWindow,
        },
      },
    },
  },
  ApiKey: {
    type: 'object',
    required: ['id', 'account', 'prefix', 'scopes', 'created_at', 'revoked_at'],
    properties: {
      id: { type: 'string' },
      account: { type: 'string' },
      prefix: { type: 'string' },
      scopes: { type: 'array', items: { type: 'string', enum: ['read', 'ingest', 'admin'] } },
      created_at: { type: 'string' },
      revoked_at: { type: ['string', 'null'] },
      key: { type: 'string', description: 'Only in the response that created it.' },
    },
  },
};

const ownPaths = {
  '/events': {
    post: {
      tags: ['taskshare'],
      operationId: 'ingestEvents',
      summary: 'Ingest events (ingest scope)',
      requestBody: {
        required: true,
        content: {
          'application/x-ndjson': { schema: { type: 'string' } },
          'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Event' } } },
        },
      },
      responses: { '200': json({ $ref: '#/components/schemas/IngestSummary' }, 'Committed'), ...errors(400, 401, 403, 413, 415, 429, 500) },
    },
  },
  '/integrations/litellm': {
    post: {
      tags: ['taskshare'],
      operationId: 'ingestLitellm',
      summary: 'Ingest LiteLLM generic_api callback payloads (ingest scope); see docs/integrations.md',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { description: 'StandardLoggingPayload objects: a JSON array, NDJSON, or one object' } } },
      },
      responses: {
        '200': json({ $ref: '#/components/schemas/IntegrationSummary' }, 'Committed'),
        ...errors(400, 401, 403, 413, 415, 429, 500),
      },
    },
  },
  '/v1/traces': {
    servers: root,
    post: {
      tags: ['taskshare'],
      operationId: 'otlpTraces',
      summary: 'OTLP/HTTP trace receiver: GenAI spans become events (ingest scope); see docs/integrations.md',
      requestBody: {
        required: true,
        content: {
          'application/x-protobuf': { schema: { type: 'string', format: 'binary' } },
          'application/json': { schema: { type: 'object', description: 'ExportTraceServiceRequest' } },
        },
      },
      responses: {
        '200': {
          description: "ExportTraceServiceResponse, in the request's encoding, with partialSuccess when spans were rejected",
          content: {
            'application/x-protobuf': { schema: { type: 'string', format: 'binary' } },
            'application/json': { schema: { type: 'object' } },
          },
        },
        ...errors(400, 401, 403, 413, 415, 429, 500),
      },
    },
  },
  '/admin/keys': {
    get: {
      tags: ['taskshare'],
      operationId: 'listKeys',
      summary: 'List API keys (admin scope)',
      responses: {
        '200': json({ type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/ApiKey' } } } }, 'Keys'),
        ...errors(401, 403, 429),
      },
    },
    post: {
      tags: ['taskshare'],
      operationId: 'createKey',
      summary: 'Create an API key (admin scope); the key is shown only here',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['account'],
              properties: {
                account: { type: 'string' },
                scopes: { type: 'array', items: { type: 'string', enum: ['read', 'ingest', 'admin'] } },
              },
            },
          },
        },
      },
      responses: {
        '201': json({ type: 'object', properties: { data: { $ref: '#/components/schemas/ApiKey' } } }, 'Created'),
        ...errors(400, 401, 403, 429),
      },
    },
  },
  '/admin/keys/{id}': {
    delete: {
      tags: ['taskshare'],
      operationId: 'revokeKey',
      summary: 'Revoke an API key (admin scope)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': json({ type: 'object' }, 'Revoked'), ...errors(400, 401, 403, 404, 429) },
    },
  },
  '/admin/demo': {
    delete: {
      tags: ['taskshare'],
      operationId: 'removeDemo',
      summary: "Remove the demo dataset's events and their share of the rollups (admin scope)",
      responses: {
        '200': json({ type: 'object', properties: { data: { type: 'object', properties: { removed: { type: 'integer' } } } } }, 'Removed'),
        ...errors(401, 403, 429),
      },
    },
  },
  '/openapi.yaml': {
    get: {
      tags: ['taskshare'],
      operationId: 'openapiYaml',
      summary: 'This description, as YAML',
      security: [],
      responses: { '200': { description: 'OpenAPI document', content: { 'application/yaml': { schema: { type: 'string' } } } } },
    },
  },
  '/openapi.json': {
    get: {
      tags: ['taskshare'],
      operationId: 'openapiJson',
      summary: 'This description, as JSON',
      security: [],
      responses: { '200': json({ type: 'object' }, 'OpenAPI document') },
    },
  },
  '/healthz': {
    servers: root,
    get: {
      tags: ['taskshare'],
      operationId: 'healthz',
      summary: 'The process is up',
      security: [],
      responses: { '200': json({ type: 'object' }, 'Up') },
    },
  },
  '/readyz': {
    servers: root,
    get: {
      tags: ['taskshare'],
      operationId: 'readyz',
      summary: 'The store (and Redis) answer',
      security: [],
      responses: { '200': json({ type: 'object' }, 'Ready'), '503': error('A part is not answering; the message names it') },
    },
  },
  '/metrics': {
    servers: root,
    get: {
      tags: ['taskshare'],
      operationId: 'metrics',
      summary: 'Prometheus metrics',
      responses: {
        '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } },
        ...errors(401, 403),
      },
    },
  },
};

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'taskshare API',
    version: VERSION,
    description:
      "Task-classification market share. `/classifications/task` is wire-compatible with OpenRouter's endpoint of the same name.",
  },
  servers: [{ url: '/api/v1' }],
  security: [{ apiKey: [] }],
  tags: [
    { name: 'Classifications', description: 'Task classification market-share endpoints' },
    { name: 'taskshare', description: 'Ingestion, administration and operations' },
  ],
  paths: { '/classifications/task': contract.paths['/classifications/task'], ...tasksharePaths, ...ownPaths },
  components: {
    schemas: { ...contract.components.schemas, ...ownSchemas, ...taskshareSchemas },
    securitySchemes: contract.components.securitySchemes,
  },
};

export const OPENAPI_JSON = JSON.stringify(OPENAPI);
export const OPENAPI_YAML = stringify(OPENAPI);
