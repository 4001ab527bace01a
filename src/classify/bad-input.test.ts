/**
 * Requests the classifier cannot make sense of still get an answer (a tag or `other`, never a throw),
 * and what it reads of them stays within fixed bounds however large the request: the work per request
 * is bounded by the transcript's caps, asserted here on the transcript itself (not on time).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OTHER_TAG, TAG_IDS } from '../taxonomy/index.ts';
import { BAD_REQUESTS } from './bad-input.cases.ts';
import { createClassifier } from './index.ts';
import {
  MAX_NAME_CHARS,
  MAX_SEGMENTS,
  MAX_TOOLS,
  MAX_TURN_CALLS,
  parseRequest,
  SYSTEM_CHARS,
  TOTAL_CHARS,
  type Transcript,
  TURN_CHARS,
} from './transcript.ts';

/** The most the transcript may hold, from the caps in transcript.ts (cut adds up to 6 characters of markers). */
const SEGMENT_CHARS = SYSTEM_CHARS + TURN_CHARS + TOTAL_CHARS + 6 * (MAX_SEGMENTS + 1);
const TEXT_CHARS = SEGMENT_CHARS + '\n\nassistant: '.length * (MAX_SEGMENTS + 1) + 'tools: \n\n'.length + MAX_TOOLS * (MAX_NAME_CHARS + 2);

function assertBounded(t: Transcript): void {
  assert.ok(t.segments.length <= MAX_SEGMENTS + 1, `${t.segments.length} segments`);
  assert.ok(t.segments.reduce((n, s) => n + s.text.length, 0) <= SEGMENT_CHARS, 'segment characters');
  assert.ok(t.text.length <= TEXT_CHARS, `${t.text.length} characters of text`);
  assert.ok(t.signals.toolsOffered.length <= MAX_TOOLS && t.signals.toolCalls.length <= MAX_TOOLS, 'tool names');
  for (const s of t.segments) assert.ok(s.toolCalls.length <= MAX_TURN_CALLS, 'calls per turn');
  for (const n of [...t.signals.toolsOffered, ...t.signals.toolCalls, ...t.segments.flatMap((s) => s.toolCalls)])
    assert.ok(n.length <= MAX_NAME_CHARS, 'name length');
}

describe('requests the classifier cannot read', () => {
  const classifier = createClassifier({ threshold: 0.35 });
  for (const [name, json] of BAD_REQUESTS) {
    it(`${name}: a bounded transcript and an answer`, async () => {
      const body = JSON.parse(json) as Record<string, unknown>;
      const parsed = parseRequest(body);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
      assertBounded(parsed.transcript);
      const r = await classifier.classifyTranscript(parsed.transcript);
      assert.ok(r.tag === OTHER_TAG || TAG_IDS.includes(r.tag), r.tag);
      assert.ok(r.confidence >= 0 && r.confidence <= 1);
      assert.deepEqual(await classifier.classify(body), r);
    });
  }

  it('the bound is far below what these requests hold', () => {
    assert.ok(TEXT_CHARS < 200_000, `${TEXT_CHARS}`);
  });

  it('answers `other` with confidence 0 where there is nothing to read', async () => {
    const user = (content: unknown) => ({ messages: [{ role: 'user', content }] });
    const images = user([
      { type: 'image_url', image_url: { url: 'x' } },
      { type: 'input_audio', input_audio: {} },
    ]);
    for (const body of [user(''), user(null), user(' \n '), user('?!… —'), images]) {
      assert.deepEqual(await classifier.classify(body), { tag: OTHER_TAG, confidence: 0, path: 'builtin' }, JSON.stringify(body));
    }
  });
});
