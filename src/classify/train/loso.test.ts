import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Row } from './data.ts';
import { foldGroup, runFold } from './loso.ts';
import { DEFAULT_PIPELINE, featurize } from './pipeline.ts';

const row = (id: string, source: string, tag: string, text: string): Row => ({
  id,
  source,
  tag,
  request: { messages: [{ role: 'user', content: text }] },
});

describe('leave-one-source-out folds', () => {
  // The held-out source's sibling teaches "act as a stock analyst" -> finance; another source has Q&A.
  const held = [row('h1', 'awesome-chatgpt-prompts-zh', 'qa_knowledge', 'act as a stock analyst: why is the sky blue?')];
  const sibling = Array.from({ length: 30 }, (_, i) =>
    row(`s${i}`, 'awesome-chatgpt-prompts-zh-finance', 'finance_trading', `act as a stock analyst: quarter ${i} outlook`),
  );
  const other = Array.from({ length: 30 }, (_, i) => row(`o${i}`, 'elsewhere', 'qa_knowledge', `why is the number ${i} prime?`));
  const tags = new Set(['qa_knowledge', 'finance_trading']);
  const opts = { ...DEFAULT_PIPELINE, bits: 10, epochs: 2 };

  it('hold out the sources of one repository together', () => {
    assert.equal(foldGroup('awesome-chatgpt-prompts-zh-finance'), foldGroup('awesome-chatgpt-prompts-zh'));
    assert.notEqual(foldGroup('p3-t0-train'), foldGroup('awesome-chatgpt-prompts-zh'));
    // The fold of the held-out source scores it exactly as a model that never had the sibling would.
    const withSibling = runFold(featurize([...held, ...sibling, ...other]), 'awesome-chatgpt-prompts-zh', tags, opts);
    const without = runFold(featurize([...held, ...other]), 'awesome-chatgpt-prompts-zh', tags, opts);
    assert.deepEqual(Array.from(withSibling.logits), Array.from(without.logits));
  });

  it('train on every other source', () => {
    const data = featurize([...held, ...sibling, ...other]);
    const fold = runFold(data, 'elsewhere', tags, opts);
    assert.equal(fold.rows.length, other.length);
    // Trained on the sibling's rows (a different repository from `elsewhere`), so not the model without them.
    const alone = runFold(featurize([...held, ...other]), 'elsewhere', tags, opts);
    assert.notDeepEqual(Array.from(fold.logits), Array.from(alone.logits));
  });
});
