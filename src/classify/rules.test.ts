import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CUE_GROUPS, extractFeatures } from './features.ts';
import { LEX_TAGS } from './lexicon.ts';
import { choiceQuestion } from './rules.ts';
import { parseRequest, type Transcript } from './transcript.ts';

const transcript = (...contents: string[]): Transcript => {
  const r = parseRequest({ messages: contents.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content })) });
  if (!r.ok) throw new Error(r.reason);
  return r.transcript;
};
const lex = (t: Transcript, tag: string): number => extractFeatures(t).lexLast[LEX_TAGS.indexOf(tag)]!;

describe('domain rules', () => {
  it('counts the Q&A cues of an ops question for devops', () => {
    const t = transcript('What is a Kubernetes pod and how does it differ from a deployment?');
    assert.equal(lex(t, 'qa_knowledge'), 0);
    assert.ok(lex(t, 'devops') > 2);
  });

  it('leaves a question without an ops or security topic to Q&A', () => {
    assert.ok(lex(transcript('What is the capital of Australia and why was it chosen?'), 'qa_knowledge') > 0);
  });

  it('takes an either-or question about given material for a classification cue', () => {
    const review = 'Title: Great book. Review: I loved the story and the characters, and the ending surprised me. '.repeat(2);
    assert.ok(choiceQuestion(`Would you say he was satisfied or dissatisfied?\n${review}`));
    assert.ok(choiceQuestion(`${review}\nWould you recommend it to a politician, an athlete, or a scientist?`));
    // No material beside the question, a long last option, or an "or" in an earlier sentence.
    assert.equal(choiceQuestion('Should I learn Python or Java first?'), false);
    assert.equal(
      choiceQuestion(`${review}\nShould I read it now or wait until the sequel that comes out next summer has been reviewed by critics?`),
      false,
    );
    assert.equal(choiceQuestion(`${review} Tea or coffee. What did the reviewer like?`), false);
    const before = lex(transcript(`${review}\nWhat did the reviewer like most?`), 'classification_tagging');
    assert.equal(lex(transcript(`${review}\nWas the reviewer satisfied or dissatisfied?`), 'classification_tagging'), before + 1);
  });

  it('takes a bare one-line noun phrase for an image prompt, but not a question or a chat turn', () => {
    assert.ok(lex(transcript('a wooden chair and a fluffy teddy bear'), 'image_prompting') >= 1);
    assert.equal(lex(transcript('a chair is what?'), 'image_prompting'), 0);
    assert.equal(lex(transcript('hi', 'hello!', 'the cat sat on the mat'), 'image_prompting'), 0);
  });

  it("weighs a long message's input, after its instruction line, a quarter", () => {
    const filler = 'The ship sailed north at dawn and the crew watched the grey sea for hours. '.repeat(8);
    const body = `${filler}Nobody could translate the old sign on the harbour wall. ${filler}`;
    const long = transcript(`Summarize the following story in three sentences.\n${body}`);
    const damped = lex(long, 'translation');
    assert.ok(damped > 0);
    CUE_GROUPS.bodyDamping = false;
    try {
      assert.ok(Math.abs(lex(long, 'translation') - 4 * damped) < 1e-6);
    } finally {
      CUE_GROUPS.bodyDamping = true;
    }
    // A short message is all instruction: its cues count in full.
    assert.ok(Math.abs(lex(transcript('Summarize this.\nNobody could translate the old sign.'), 'translation') - 4 * damped) < 1e-6);
  });

  it("counts the cues of a long message's last characters in full: the ask after its input", () => {
    const filler = 'The ship sailed north at dawn and the crew watched the grey sea for hours. '.repeat(16);
    const t = transcript(`Here is a story.\n${filler}\nTranslate the story above into French.`);
    const full = lex(t, 'translation');
    CUE_GROUPS.tailCues = false;
    try {
      assert.ok(full - lex(t, 'translation') >= 0.9);
    } finally {
      CUE_GROUPS.tailCues = true;
    }
  });
});
