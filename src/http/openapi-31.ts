/**
 * The contract's OpenAPI text is written in 3.0 style (`nullable: true`). The served document says
 * `openapi: 3.1.0`, where JSON Schema 2020-12 has no `nullable`: a nullable `type: T` is `type: [T, 'null']`,
 * and `nullable` on a schema without a type (which already admits null) is dropped.
 */
export function nullableTo31(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableTo31);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, nullableTo31(v)]));
  if (nullable === true && out.type !== undefined) {
    const types = Array.isArray(out.type) ? out.type : [out.type];
    out.type = types.includes('null') ? types : [...types, 'null'];
  }
  return out;
}
