import assert from 'node:assert/strict';
import { test } from 'node:test';
import schema from '../../schemas/event.schema.json' with { type: 'json' };
import { MAX_LENGTH, MAX_TOKENS } from './limits.ts';
import { timestampToMs, validateRecord } from './validate.ts';

const now = Date.parse('2026-06-18T10:00:00Z');
const ctx = { nowMs: now, retentionDays: 35 };
const record = (over: Record<string, unknown> = {}) => ({
  id: 'r1',
  timestamp: '2026-06-17T12:00:00Z',
  usage: { prompt_tokens: 1, completion_tokens: 2 },
  tag: 'math',
  ...over,
});
const reason = (over: Record<string, unknown>) => {
  const v = validateRecord(record(over), ctx);
  return v.ok ? 'accepted' : v.reason;
};

test('the schema states the limits the code enforces', () => {
  const p = schema.properties;
  assert.deepEqual(
    [p.id.maxLength, p.model.maxLength, p.app.maxLength, p.user.maxLength],
    [MAX_LENGTH.id, MAX_LENGTH.model, MAX_LENGTH.app, MAX_LENGTH.user],
  );
  assert.equal(p.usage.properties.prompt_tokens.maximum, MAX_TOKENS);
  assert.equal(p.usage.properties.completion_tokens.maximum, MAX_TOKENS);
});

test("tokens: up to 10^9 per field; more, 1e19 or Infinity (1e309) is this record's rejection", () => {
  assert.equal(reason({ usage: { prompt_tokens: MAX_TOKENS, completion_tokens: MAX_TOKENS } }), 'accepted');
  assert.match(reason({ usage: { prompt_tokens: MAX_TOKENS + 1, completion_tokens: 0 } }), /usage\.prompt_tokens must be <= 1000000000/);
  assert.match(reason({ usage: { prompt_tokens: 9223372036854775000, completion_tokens: 0 } }), /prompt_tokens must be <= 1000000000/);
  assert.match(reason({ usage: { prompt_tokens: 0, completion_tokens: 1e19 } }), /completion_tokens must be <= 1000000000/);
  assert.match(reason({ usage: { prompt_tokens: JSON.parse('1e309'), completion_tokens: 0 } }), /prompt_tokens must be <= 1000000000/);
});

test('identifiers must be well-formed Unicode without control or invisible format characters', () => {
  for (const field of ['id', 'model', 'app', 'user']) {
    assert.match(reason({ [field]: 'a\ud800' }), new RegExp(`^${field} is not well-formed Unicode`), field);
    assert.match(reason({ [field]: '\udc00z' }), /lone surrogate/, field);
    for (const bad of ['\ufeffx', 'x\u0000y', 'x\u200by', 'tab\there', 'del\u007f', 'x\u202e']) {
      assert.match(
        reason({ [field]: bad }),
        new RegExp(`^${field} holds a control or invisible format character`),
        `${field} ${JSON.stringify(bad)}`,
      );
    }
    assert.equal(reason({ [field]: 'ok-😀-日本-ü-a\u00a0b' }), 'accepted', field);
  }
  assert.deepEqual(validateRecord(record({ id: 'a\u0000' }), ctx), {
    ok: false,
    id: 'a\u0000',
    reason: 'id holds a control or invisible format character (NUL, a BOM, a zero-width space, ...)',
  });
  assert.match(reason({ id: 'x'.repeat(257) }), /id must NOT have more than 256 characters/);
  assert.match(reason({ user: 'x'.repeat(1025) }), /user must NOT have more than 1024 characters/);
});

test('numeric timestamps: below 10^11 epoch seconds (fractions too), else epoch milliseconds', () => {
  assert.equal(timestampToMs(1796083200), Date.parse('2026-12-01T00:00:00Z'));
  assert.equal(timestampToMs(1796083200.25), Date.parse('2026-12-01T00:00:00.250Z'));
  assert.equal(timestampToMs(1796083200000), Date.parse('2026-12-01T00:00:00Z'));
  assert.equal(timestampToMs(99_999_999_999), 99_999_999_999_000);
  assert.equal(timestampToMs(100_000_000_000), 100_000_000_000);
  const at = (timestamp: unknown) => {
    const v = validateRecord(record({ timestamp }), ctx);
    return v.ok ? new Date(v.record.timestampMs).toISOString() : v.reason;
  };
  assert.equal(at(Date.parse('2026-06-17T08:30:00Z') / 1000), '2026-06-17T08:30:00.000Z');
  assert.equal(at(Date.parse('2026-06-17T08:30:00Z') / 1000 + 0.5), '2026-06-17T08:30:00.500Z');
  assert.equal(at(Date.parse('2026-06-17T08:30:00Z')), '2026-06-17T08:30:00.000Z');
  assert.equal(at('2026-06-17T10:30:00+02:00'), '2026-06-17T08:30:00.000Z');
});

test('timestamps before 2020-01-01, past the retention or more than a day ahead are rejected with a reason', () => {
  assert.match(reason({ timestamp: '0000-01-01T00:00:00Z' }), /before 2020-01-01/);
  assert.match(reason({ timestamp: '2019-12-31T23:59:59.999Z' }), /before 2020-01-01/);
  assert.match(reason({ timestamp: 1_796_083 }), /before 2020-01-01.*epoch seconds.*1970-01-21T18:54:43\.000Z/);
  assert.match(reason({ timestamp: 0 }), /before 2020-01-01/);
  assert.match(reason({ timestamp: 1e11 }), /before 2020-01-01.*1973-03-03/);
  assert.match(reason({ timestamp: JSON.parse('1e309') }), /not a valid date/);
  assert.match(reason({ timestamp: -5 }), /timestamp must be an ISO 8601 date-time with a time zone, or a number/);
  // 35 days: 2026-05-14 is still kept at 2026-06-18, 2026-05-13 no longer is.
  assert.equal(reason({ timestamp: '2026-05-14T00:00:00Z' }), 'accepted');
  assert.match(reason({ timestamp: '2026-05-13T23:59:59Z' }), /older than the 35-day retention \(days before 2026-05-14/);
  const short = (timestamp: string) => validateRecord(record({ timestamp }), { nowMs: now, retentionDays: 8 });
  assert.equal(short('2026-06-10T00:00:00Z').ok, true);
  assert.deepEqual(short('2026-06-09T23:59:59Z'), {
    ok: false,
    id: 'r1',
    reason:
      'timestamp is older than the 8-day retention (days before 2026-06-10 are no longer kept, so a retry could not be recognised ' +
      'as a duplicate)',
  });
  assert.equal(reason({ timestamp: now + 86_400_000 }), 'accepted');
  assert.match(reason({ timestamp: now + 86_400_001 }), /more than a day in the future/);
});
