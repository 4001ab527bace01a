/**
 * The decoders against arbitrary input (beside them, as the Collector keeps fuzz tests beside its
 * decoders): protobuf bytes either decode or throw (the route's 400), JSON never throws, and no decoded
 * span makes the translation throw. Deep nesting is capped instead of recursing without bound.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { decodeJson } from './json.ts';
import type { OtlpRequest } from './model.ts';
import { decodeProtobuf } from './proto.ts';
import { translateSpan } from './translate.ts';

const SEED = 20261202;

it('protobuf: any bytes decode to spans that translate, or throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      let spans: OtlpRequest['spans'];
      try {
        spans = decodeProtobuf(bytes).spans;
      } catch {
        return;
      }
      for (const s of spans) translateSpan(s);
    }),
    { seed: SEED, numRuns: 3000 },
  );
});

it('JSON: any value, and OTLP-shaped values with hostile fields, decode or give a reason, never throw', () => {
  const anyJson = fc.jsonValue({ maxDepth: 6 });
  const spanLike = fc.record({
    spanId: fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), anyJson),
    startTimeUnixNano: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), anyJson),
    attributes: fc.array(
      fc.record({
        key: fc.oneof(
          fc.constantFrom('gen_ai.operation.name', 'gen_ai.input.messages', 'gen_ai.usage.input_tokens', 'gen_ai.prompt.0.content'),
          fc.string(),
        ),
        value: anyJson,
      }),
    ),
    events: fc.oneof(
      anyJson,
      fc.array(fc.record({ name: fc.constantFrom('gen_ai.content.prompt', 'gen_ai.user.message'), attributes: anyJson })),
    ),
    status: anyJson,
  });
  const body = fc.oneof(
    anyJson,
    fc.record({
      resourceSpans: fc.array(fc.record({ scopeSpans: fc.array(fc.record({ spans: fc.array(spanLike, { maxLength: 4 }) })) }), {
        maxLength: 3,
      }),
    }),
  );
  fc.assert(
    fc.property(body, (value) => {
      const r = decodeJson(JSON.stringify(value));
      if (r.ok) for (const s of r.request.spans) translateSpan(s);
      else assert.ok(r.reason.length > 0);
    }),
    { seed: SEED, numRuns: 2000 },
  );
});

it('deeply nested values are cut, not recursed into without bound', () => {
  let value = '{"stringValue":"x"}';
  for (let i = 0; i < 100_000; i++) value = `{"arrayValue":{"values":[${value}]}}`;
  const r = decodeJson(
    `{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"00f067aa0ba902b7","attributes":[{"key":"deep","value":${value}}]}]}]}]}`,
  );
  assert.ok(r.ok);
  assert.ok(Array.isArray(r.request.spans[0]!.attributes.deep));
});
