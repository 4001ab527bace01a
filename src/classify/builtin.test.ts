import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuiltinClassifier } from './builtin.ts';

const user = (content: string) => ({ messages: [{ role: 'user', content }] });

describe('built-in classifier', () => {
  const c = new BuiltinClassifier({ threshold: 0 });

  it('loads the committed weights and names its version by their hash', () => {
    assert.match(c.version, /^builtin-[0-9a-f]{8}$/);
  });

  it('classifies obvious prompts', () => {
    const cases: [string, string][] = [
      [
        'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    print(x)\nNameError: name \'x\' is not ' +
          'defined\nHow do I fix this bug?',
        'code:debugging',
      ],
      ['Translate this to French: The weather is lovely today and we are going to the beach.', 'translation'],
      [
        'Summarize the following article in three sentences: The city council met on Tuesday to discuss the new budget, which ' +
          'includes funding for parks and schools.',
        'summarization',
      ],
      ['Write a SQL query that returns the ten customers with the highest total order amount from the orders table.', 'code:sql_database'],
      [
        'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia ' +
          'sell altogether in April and May?',
        'math',
      ],
      ['请把这句话翻译成英文：今天天气很好。', 'translation'],
    ];
    for (const [prompt, tag] of cases) assert.equal(c.classifySync(user(prompt)).tag, tag, prompt);
  });

  it('answers other below the threshold, and for invalid bodies', () => {
    const strict = new BuiltinClassifier({ threshold: 1.01 });
    const r = strict.classifySync(user('hello'));
    assert.equal(r.tag, 'other');
    assert.ok(r.confidence > 0 && r.confidence <= 1);
    assert.deepEqual(c.classifySync({ model: 'x' }), { tag: 'other', confidence: 0, path: 'builtin' });
  });

  it('is deterministic and agrees with the async method', async () => {
    const body = user('Write a haiku about autumn leaves.');
    const a = c.classifySync(body);
    assert.deepEqual(new BuiltinClassifier({ threshold: 0 }).classifySync(body), a);
    assert.deepEqual(await c.classify(body), a);
    assert.equal(a.path, 'builtin');
  });
});
