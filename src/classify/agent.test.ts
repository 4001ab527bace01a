import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monologueAction } from './agent.ts';

const step = (action: string, args: string): string => `{"action": "${action}", "args": {${args}}}`;

describe('text agent actions', () => {
  it('reads the command a monologue agent last ran', () => {
    assert.equal(monologueAction(`[${step('run', '"command": "pwd"')}, {"observation": "run", "content": "/workspace"}]`), 'run:pwd');
    assert.equal(monologueAction(`[${step('read', '"path": "a.txt"')}]`), 'read:');
    assert.equal(monologueAction('{"action": "run"} without arguments'), '');
  });
});
