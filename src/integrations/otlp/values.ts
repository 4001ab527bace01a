/**
 * OTLP AnyValue (protobuf or JSON) to a plain JavaScript value: strings, numbers, booleans, arrays and
 * objects (a kvlist). Nesting is capped: attributes that deep carry nothing taskshare reads, and an
 * uncapped recursion would let a hostile body exhaust the stack.
 */
const MAX_DEPTH = 16;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An int64 (a decimal string in both encodings, or a JSON number) as a number. */
const int64 = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/**
 * One AnyValue. Protobuf (decoded by protobufjs) and JSON use the same field names; only bytes
 * differ (Uint8Array against base64), and JSON may also carry the proto names (`string_value`).
 */
function anyValue(v: unknown, depth: number): unknown {
  if (!isObject(v) || depth > MAX_DEPTH) return undefined;
  const pick = (camel: string, snake: string) => (v[camel] !== undefined ? v[camel] : v[snake]);
  const s = pick('stringValue', 'string_value');
  if (s !== undefined) return typeof s === 'string' ? s : String(s);
  const b = pick('boolValue', 'bool_value');
  if (b !== undefined) return b === true || b === 'true';
  const i = pick('intValue', 'int_value');
  if (i !== undefined) return int64(i);
  const d = pick('doubleValue', 'double_value');
  if (d !== undefined) return Number(d);
  const arr = pick('arrayValue', 'array_value');
  if (arr !== undefined) return (isObject(arr) && Array.isArray(arr.values) ? arr.values : []).map((x) => anyValue(x, depth + 1));
  const kv = pick('kvlistValue', 'kvlist_value');
  if (kv !== undefined) return attributes(isObject(kv) && Array.isArray(kv.values) ? kv.values : [], depth + 1);
  const bytes = pick('bytesValue', 'bytes_value');
  if (bytes instanceof Uint8Array) return Buffer.from(bytes).toString('base64');
  if (typeof bytes === 'string') return bytes;
  return undefined;
}

function attributes(kvs: unknown[], depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (depth > MAX_DEPTH) return out;
  for (const kv of kvs) {
    if (!isObject(kv) || typeof kv.key !== 'string') continue;
    const value = anyValue(kv.value, depth);
    if (value !== undefined) out[kv.key] = value;
  }
  return out;
}

/** A list of KeyValue (either encoding) as one object; entries without a key or a value are left out. */
export function attributesFrom(kvs: unknown): Record<string, unknown> {
  return Array.isArray(kvs) ? attributes(kvs, 0) : {};
}
