import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastActionCue, monologueAction, plannedCommand } from './agent.ts';
import { LEX_TAGS } from './lexicon.ts';

const step = (action: string, args: string): string => `{"action": "${action}", "args": {${args}}}`;

describe('text agent next-step cues', () => {
  it('reads the command a monologue agent last ran', () => {
    assert.equal(monologueAction(`[${step('run', '"command": "pwd"')}, {"observation": "run", "content": "/workspace"}]`), 'run:pwd');
    assert.equal(monologueAction(`[${step('read', '"path": "a.txt"')}]`), 'read:');
    assert.equal(monologueAction('{"action": "run"} without arguments'), '');
  });

  it('reads the command the latest thought plans, in backticks', () => {
    assert.equal(plannedCommand(`[${step('think', '"thought": "I should start by running `ls` to see what is here."')}]`), 'ls');
    assert.equal(plannedCommand(`[${step('message', '"content": "Let me edit `hello.sh`, then run `chmod +x hello.sh`."')}]`), 'chmod');
    // Only a thought plans: an action's arguments are what it did.
    assert.equal(plannedCommand(`[${step('run', '"command": "`ls`"')}]`), '');
    assert.equal(plannedCommand(`[${step('think', '"thought": "Since the \'ls\' command listed nothing, create the file."')}]`), '');
  });

  it('turns an orientation step or a planned listing into repo-scan evidence', () => {
    const repo = LEX_TAGS.indexOf('code:repo_scan');
    const shell = LEX_TAGS.indexOf('code:shell_execution');
    const lex = new Float32Array(LEX_TAGS.length);
    lastActionCue('run:pwd', '', lex);
    assert.ok(lex[repo]! > 0);
    lex.fill(0);
    lastActionCue('think:', 'npm', lex);
    assert.ok(lex[shell]! > 0 && lex[repo] === 0);
  });
});
