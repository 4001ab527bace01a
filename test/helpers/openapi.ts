/** Validates real response bodies against the OpenAPI contract's schemas with ajv. */
import { readFileSync, existsSync } from 'node:fs';
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
