import assert from 'node:assert/strict';
import { it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { encodedBody } from './compress.ts';

it('encodes a body once per coding and keeps the bytes with it', () => {
  const body = Buffer.from(JSON.stringify({ data: Array.from({ length: 200 }, (_, i) => ({ tag: `t${i % 7}`, share: i / 200 })) }));
  const first = encodedBody(body, 'gzip');
  assert.equal(first.coding, 'gzip');
  assert.deepEqual(gunzipSync(first.bytes), body);
  assert.equal(encodedBody(body, 'gzip').bytes, first.bytes, 'the same Buffer, not encoded again');
  assert.notEqual(encodedBody(Buffer.from(body), 'gzip').bytes, first.bytes, 'another body has its own');
});

it('sends identity when encoding would not shrink the body', () => {
  const tiny = Buffer.from('{}');
  assert.deepEqual(encodedBody(tiny, 'br'), { coding: 'identity', bytes: tiny });
});
