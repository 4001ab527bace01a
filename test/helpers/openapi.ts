/** Validates real response bodies against the OpenAPI contract's schemas with ajv. */
import { existsSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

// The contract as shipped beside the project (CI has it); the repository keeps a copy for fresh clones.
const shared = new URL('../../../shared/spec/openapi.yaml', import.meta.url);
const local = new URL('../../spec/openrouter-classifications.yaml', import.meta.url);
export const contract = parse(readFileSync(existsSync(shared) ? shared : local, 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> }>>;
  components: { schemas: Record<string, unknown> };
};

/** OpenAPI's `nullable: true` becomes JSON Schema's `type: [T, "null"]` (or any value, when no type is given). */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable' && k !== 'example') out[k] = toJsonSchema(v);
  if ((node as { nullable?: boolean }).nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'contract', components: toJsonSchema(contract.components) });

/** Validates `body` against the schema the contract gives for GET /classifications/task and `status`. */
export function validateResponse(status: number, body: unknown): string[] {
  const response = contract.paths['/classifications/task']!.get!.responses[String(status)];
  if (!response) return [`the contract has no response for status ${status}`];
  const ref = response.content['application/json']!.schema.$ref.replace('#/', 'contract#/');
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const served = new Ajv({ strict: false, allErrors: true });
let servedAdded = false;

/** Validates `body` against the schema the served description (src/http/openapi.ts) gives `path` and `status`. */
export async function validateServed(path: string, status: number, body: unknown): Promise<string[]> {
  const { OPENAPI } = await import('../../src/http/openapi.ts');
  if (!servedAdded) {
    served.addSchema({ $id: 'served', components: toJsonSchema(OPENAPI.components) });
    servedAdded = true;
  }
  const op = (
    OPENAPI.paths as unknown as Record<
      string,
      { get?: { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> } }
    >
  )[path]?.get;
  const ref = op?.responses[String(status)]?.content?.['application/json']?.schema.$ref;
  if (!ref) return [`the served description has no JSON response for GET ${path} ${status}`];
  const validate = served.getSchema(ref.replace('#/', 'served#/')) ?? served.compile({ $ref: ref.replace('#/', 'served#/') });
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
