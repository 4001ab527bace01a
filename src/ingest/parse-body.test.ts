import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countNdjsonRecords, ndjsonRecords } from './parse-body.ts';

const body = Buffer.from([
  '{"id":"a"}',
  '',
  '   \t',
  '\u3000\u00a0', // Unicode whitespace only: blank, as String.prototype.trim would say
  '{"id":"b"}\r',
  '{"id":"c", oops',
  `{"id":"big","pad":"${'x'.repeat(300)}"}`,
  '  {"id":"ü"}  ',
  '',
].join('\n'));

test('NDJSON records keep their line numbers, skip blank lines and say why a line is refused', () => {
  const records = [...ndjsonRecords(body, { maxRecordBytes: 256 })];
  assert.deepEqual(records, [
    { line: 1, value: { id: 'a' } },
    { line: 5, value: { id: 'b' } },
    { line: 6, error: 'invalid JSON', id: 'c' },
    { line: 7, error: 'record is larger than 256 bytes', id: 'big' },
    { line: 8, value: { id: 'ü' } },
  ]);
  assert.equal(countNdjsonRecords(body), records.length);
});

test('an empty body has no records', () => {
  assert.deepEqual([...ndjsonRecords(Buffer.alloc(0), { maxRecordBytes: 256 })], []);
  assert.equal(countNdjsonRecords(Buffer.from('\n\n  \n')), 0);
});
