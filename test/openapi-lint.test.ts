/**
 * The served API description is a valid OpenAPI document: checked by @apidevtools/swagger-parser
 * (schema validation of the document and every $ref resolved), not only by our own route check.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { OPENAPI } from '../src/http/openapi.ts';

const eventSchema = fileURLToPath(new URL('../schemas/event.schema.json', import.meta.url));
const OPTIONS = { resolve: { external: true, file: { read: (f: { url: string }) => readFileSync(f.url.endsWith('/schemas/event.schema.json') ? eventSchema : f.url) } } } as never;

it('validates as OpenAPI 3.1, with taskshare\'s read API described', async () => {
  // The one external $ref (the event schema file, served beside the document) is resolved as from spec/.
  const api = (await SwaggerParser.validate(structuredClone(OPENAPI) as never, OPTIONS)) as unknown as typeof OPENAPI;
  const paths = api.paths as Record<string, { get?: { parameters?: Array<{ name: string }> } }>;
  assert.deepEqual(paths['/taskshare/classifications']?.get?.parameters?.map((p) => p.name), ['window', 'as_of', 'format']);
  assert.deepEqual(paths['/taskshare/classifications/history']?.get?.parameters?.map((p) => p.name), ['window', 'from', 'to', 'step', 'format']);
});

it('refuses a broken document (the validator does check)', async () => {
  const broken = structuredClone(OPENAPI) as unknown as { paths: Record<string, { get: { responses: unknown } }> };
  broken.paths['/taskshare/classifications']!.get.responses = { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } } };
  await assert.rejects(SwaggerParser.validate(broken as never, OPTIONS) as unknown as Promise<unknown>, /Nope/);
});
