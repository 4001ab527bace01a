import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { nestingExceeds, splitJsonArray } from './json-scan.ts';

const deep = (n: number, open = '[', close = ']') => open.repeat(n) + close.repeat(n);

test('depth counts arrays and objects, not brackets inside strings or escaped quotes', () => {
  assert.equal(nestingExceeds('{"a":[[1]]}', 3), false);
  assert.equal(nestingExceeds('{"a":[[1]]}', 2), true);
  assert.equal(nestingExceeds('{"a":"[[[[[[[["}', 1), false);
  assert.equal(nestingExceeds('{"a":"\\"[[[[[", "b":"\\\\"}', 1), false);
  assert.equal(nestingExceeds('{"a":"\\\\", "b":[[1]]}', 2), true);
  assert.equal(nestingExceeds('1', 0), false);
  assert.equal(nestingExceeds('{"open', 1), false); // not JSON: left to JSON.parse
});

test('a million levels are measured without recursion', () => {
  assert.equal(nestingExceeds(deep(1_000_000), 64), true);
  assert.equal(nestingExceeds(`{"x":${deep(63)}}`, 64), false);
  assert.equal(nestingExceeds(`{"x":${deep(64)}}`, 64), true);
});

test('array elements: each with its place and its own depth', () => {
  const text = ` [ {"id":"a","s":"],[,"} , 2,"x", ${deep(3)} ] `;
  const split = splitJsonArray(text, 2);
  assert.ok(split.ok);
  assert.deepEqual(
    split.elements.map((e) => [text.slice(e.start, e.end), e.tooDeep]),
    [
      ['{"id":"a","s":"],[,"}', false],
      ['2', false],
      ['"x"', false],
      [deep(3), true],
    ],
  );
  assert.deepEqual(splitJsonArray('[]', 64), { ok: true, elements: [] });
  assert.deepEqual(splitJsonArray(' [ \n ] ', 64), { ok: true, elements: [] });
});

test('a body that is no array, or broken, is told apart from one with a bad element', () => {
  assert.deepEqual(splitJsonArray('{"id":"a"}', 64), { ok: false, notArray: true });
  assert.deepEqual(splitJsonArray('', 64), { ok: false, notArray: true });
  for (const broken of ['[1,]', '[,1]', '[1,,2]', '[1', '["a]', '[{]}', '[1] x', '[1]]', '[}']) {
    assert.deepEqual(splitJsonArray(broken, 64), { ok: false, notArray: false }, broken);
  }
  // An element JSON.parse refuses is still an element: it is rejected alone.
  const split = splitJsonArray('[{"a":tru}, 1 2]', 64);
  assert.ok(split.ok);
  assert.equal(split.elements.length, 2);
  assert.deepEqual(splitJsonArray(`[${deep(100_000, '{"a":', '}')}]`.replace(/\{"a":\}/, '{}'), 64).ok, true);
});

test('for any JSON array, the elements are exactly what JSON.parse finds, and depth matches', () => {
  fc.assert(
    fc.property(fc.array(fc.jsonValue({ maxDepth: 6 })), fc.boolean(), (values, pretty) => {
      const text = JSON.stringify(values, null, pretty ? 2 : undefined);
      const split = splitJsonArray(text, 3);
      assert.ok(split.ok);
      assert.deepEqual(
        split.elements.map((e) => JSON.parse(text.slice(e.start, e.end))),
        JSON.parse(text),
      );
      split.elements.forEach((e, i) => {
        assert.equal(e.tooDeep, depthOf(values[i]) > 3);
      });
    }),
  );
});

function depthOf(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  return 1 + Math.max(0, ...Object.values(v).map(depthOf));
}
