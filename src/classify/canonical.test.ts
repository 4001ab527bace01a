/**
 * The committed model on obvious requests (`canonical.cases.ts`). Not a per-case assertion: a linear
 * model trained on published sources will miss a few, and the cases must not be fixed one by one. The
 * bar is the share right, with the misses printed so that a regression names its cases.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TAG_IDS } from '../taxonomy/index.ts';
import { BuiltinClassifier } from './builtin.ts';
import { CANONICAL } from './canonical.cases.ts';

/**
 * Share of the cases that must come out right: a regression guard (77/90 when set; 80/90 now). The aim
 * is 0.9; raise it when the model gets there, never by special-casing a listed case.
 */
const PASS_RATE = 0.85;

describe('canonical requests', () => {
  const c = new BuiltinClassifier({ threshold: 0 });

  it('cover every tag with at least three cases', () => {
    for (const tag of TAG_IDS) assert.ok(CANONICAL.filter(([t]) => t === tag).length >= 3, tag);
  });

  it(`are classified right at least ${100 * PASS_RATE}% of the time`, () => {
    const misses = CANONICAL.map(([tag, body]) => ({ tag, got: c.classifySync(body).tag, body })).filter((m) => m.got !== m.tag);
    for (const m of misses) console.log(`  miss: ${m.tag} -> ${m.got}: ${JSON.stringify(m.body).slice(0, 140)}`);
    const rate = 1 - misses.length / CANONICAL.length;
    console.log(`  canonical: ${CANONICAL.length - misses.length}/${CANONICAL.length} right`);
    assert.ok(rate >= PASS_RATE, `${(100 * rate).toFixed(1)}% right`);
  });
});
