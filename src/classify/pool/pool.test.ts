/**
 * The classifier pool on real worker threads: the same answers as the in-thread model, in the
 * caller's order; a crashed worker replaced with nothing lost; work left at close still answered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../config/index.ts';
import { BuiltinClassifier } from '../builtin.ts';
import { CANONICAL } from '../canonical.cases.ts';
import { parseRequest, type Transcript } from '../transcript.ts';
import { workerCount } from './from-config.ts';
import { ClassifierPool } from './pool.ts';

const THRESHOLD = 0.35;
const transcripts: Transcript[] = CANONICAL.map(([, body]) => {
  const r = parseRequest(body);
  assert.ok(r.ok);
  return r.transcript;
});
const local = new BuiltinClassifier({ threshold: THRESHOLD });
const expected = transcripts.map((t) => local.classifyTranscript(t));
/** Many transcripts: several batches per worker, so crashes land mid-flight. */
const many = Array.from({ length: 8 }, () => transcripts).flat();
const manyExpected = Array.from({ length: 8 }, () => expected).flat();

describe('classifier pool', () => {
  let pool: ClassifierPool;
  const exits: Array<{ worker: number; code: number; replaced: boolean }> = [];
  before(async () => {
    pool = await ClassifierPool.start({ threshold: THRESHOLD, workers: 2, batchSize: 8, onWorkerExit: (e) => exits.push(e) });
  });
  after(() => pool.close());

  it('answers exactly as the in-thread classifier, in order, with its version', async () => {
    assert.equal(pool.version, local.version);
    assert.deepEqual(await Promise.all(transcripts.map((t) => pool.classifyTranscript(t))), expected);
  });

  it('replaces a crashed worker and answers everything that was in flight on it', async () => {
    const pending = many.map((t) => pool.classifyTranscript(t));
    pool.crashWorker(0);
    assert.deepEqual(await Promise.all(pending), manyExpected);
    assert.equal(pool.restarts, 1);
    assert.ok(pool.retries > 0, 'the crash landed while the worker held batches');
    assert.deepEqual(
      exits.map((e) => [e.worker, e.replaced]),
      [[0, true]],
    );
    assert.notEqual(exits[0]!.code, 0);
    // The replacement works: crash the other one too, then everything still comes back right.
    const again = many.map((t) => pool.classifyTranscript(t));
    pool.crashWorker(1);
    pool.crashWorker(0);
    assert.deepEqual(await Promise.all(again), manyExpected);
    assert.equal(pool.liveWorkers, 2);
  });

  it('classifies here what was in flight on too many dead workers', async () => {
    const p = await ClassifierPool.start({ threshold: THRESHOLD, workers: 1, batchSize: 8, maxAttempts: 1 });
    const pending = many.map((t) => p.classifyTranscript(t));
    p.crashWorker(0);
    assert.deepEqual(await Promise.all(pending), manyExpected);
    assert.equal(p.retries, 0);
    assert.equal(p.restarts, 1);
    await p.close();
  });

  it('answers on this thread what is left at close, and after it', async () => {
    const p = await ClassifierPool.start({ threshold: THRESHOLD, workers: 1 });
    const pending = many.map((t) => p.classifyTranscript(t));
    await p.close();
    assert.deepEqual(await Promise.all(pending), manyExpected);
    assert.deepEqual(await p.classifyTranscript(transcripts[0]!), expected[0]);
    assert.equal(p.liveWorkers, 0);
  });
});

describe('classifier workers setting', () => {
  it('is auto by default, a count from 0 to 64 otherwise', () => {
    assert.equal(loadConfig({}).classifierWorkers, 'auto');
    assert.equal(loadConfig({ TASKSHARE_CLASSIFIER_WORKERS: '0' }).classifierWorkers, 0);
    assert.equal(loadConfig({}, { classifierWorkers: '3' }).classifierWorkers, 3);
    for (const bad of ['-1', '65', 'many', '1.5'])
      assert.throws(
        () => loadConfig({ TASKSHARE_CLASSIFIER_WORKERS: bad }),
        /TASKSHARE_CLASSIFIER_WORKERS \(--classifier-workers\) is invalid/,
      );
  });

  it('auto is cores - 1, at most 4; a number is taken as given', () => {
    assert.equal(workerCount('auto', 1), 0);
    assert.equal(workerCount('auto', 2), 1);
    assert.equal(workerCount('auto', 32), 4);
    assert.equal(workerCount(0, 8), 0);
    assert.equal(workerCount(3, 2), 3);
  });
});

describe('transcript codec', () => {
  it('gives the worker back exactly the transcripts sent', async () => {
    const { encodeBatch, decodeBatch } = await import('./codec.ts');
    const odd = parseRequest({
      tools: [{ type: 'function', function: { name: 'a\u0000"b\ud800' } }],
      messages: [
        { role: 'system', content: 'sys \u2028' },
        { role: 'user', content: '\ud83d' },
        { role: 'assistant', content: '' },
      ],
    });
    assert.ok(odd.ok);
    const all = [...transcripts, odd.transcript];
    assert.deepEqual(decodeBatch(encodeBatch(all)), all);
    assert.deepEqual(decodeBatch(encodeBatch([])), []);
  });
});
