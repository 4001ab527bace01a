import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countNdjsonRecords, ndjsonRecords, parseJsonArray } from './parse-body.ts';

const body = Buffer.from(
  [
    '{"id":"a"}',
    '',
    '   \t',
    '\u3000\u00a0', // Unicode whitespace only: blank, as String.prototype.trim would say
    '{"id":"b"}\r',
    '{"id":"c", oops',
    `{"id":"big","pad":"${'x'.repeat(300)}"}`,
    '  {"id":"ü"}  ',
    '',
  ].join('\n'),
);

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

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

test('a record nested more than 64 levels is refused before JSON.parse, in NDJSON and in a JSON array', () => {
  const ok = `{"id":"ok","x":${deep(63)}}`;
  const tooDeep = `{"id":"deep","request":{"messages":${deep(4100)}}}`;
  assert.deepEqual(
    [...ndjsonRecords(Buffer.from(`${ok}\n${tooDeep}\n{"id":"next"}`), { maxRecordBytes: 65536 })].map((r) => ('error' in r ? r : r.line)),
    [1, { line: 2, error: 'record is nested more than 64 levels deep', id: 'deep' }, 3],
  );
  const parsed = parseJsonArray(`[${ok}, ${tooDeep}, {"id":"next"}]`, { maxRecordBytes: 65536 });
  assert.ok(parsed.ok);
  assert.deepEqual(
    parsed.records.map((r) => ('error' in r ? r : r.line)),
    [1, { line: 2, error: 'record is nested more than 64 levels deep', id: 'deep' }, 3],
  );
});

test('a JSON array body: each element stands alone; only a body that is no array or broken is refused whole', () => {
  const parsed = parseJsonArray(`[{"id":"a"}, {"id":"bad", oops}, {"id":"big","pad":"${'x'.repeat(300)}"}, 7]`, { maxRecordBytes: 256 });
  assert.deepEqual(parsed, {
    ok: true,
    records: [
      { line: 1, value: { id: 'a' } },
      { line: 2, error: 'invalid JSON', id: 'bad' },
      { line: 3, error: 'record is larger than 256 bytes', id: 'big' },
      { line: 4, value: 7 },
    ],
  });
  assert.deepEqual(parseJsonArray('{"id":"a"}', { maxRecordBytes: 256 }), {
    ok: false,
    reason: 'Body must be a JSON array of events (or NDJSON with Content-Type: application/x-ndjson)',
  });
  assert.deepEqual(parseJsonArray('[{"id":"a"}', { maxRecordBytes: 256 }), { ok: false, reason: 'Body is not valid JSON' });
  assert.deepEqual(parseJsonArray('{"id":', { maxRecordBytes: 256 }), { ok: false, reason: 'Body is not valid JSON' });
  assert.deepEqual(parseJsonArray(deep(100_000), { maxRecordBytes: 1 << 20 }), {
    ok: true,
    records: [{ line: 1, error: 'record is nested more than 64 levels deep', id: undefined }],
  });
});
