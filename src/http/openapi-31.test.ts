import assert from 'node:assert/strict';
import { it } from 'node:test';
import { nullableTo31 } from './openapi-31.ts';

it('says OpenAPI 3.0 nullable the 3.1 way, everywhere, and changes nothing else', () => {
  assert.deepEqual(
    nullableTo31({
      type: 'object',
      description: 'd',
      required: ['a'],
      properties: {
        a: { type: 'string', nullable: true },
        b: { nullable: true },
        c: { type: ['integer', 'null'], nullable: true },
        d: { type: 'number', nullable: false },
      },
      items: [{ type: 'boolean', nullable: true }],
    }),
    {
      type: 'object',
      description: 'd',
      required: ['a'],
      properties: { a: { type: ['string', 'null'] }, b: {}, c: { type: ['integer', 'null'] }, d: { type: 'number' } },
      items: [{ type: ['boolean', 'null'] }],
    },
  );
});
