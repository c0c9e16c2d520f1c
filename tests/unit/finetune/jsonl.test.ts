// The exported JSONL against each target's documented rules: what ragtune writes passes for
// OpenAI, TRL, Axolotl and LLaMA-Factory; each rule refuses the lines that break it, in words.
import { describe, expect, it } from 'vitest';
import {
  TRAINING_TARGETS,
  checkJsonl,
  type TrainingTarget,
} from '../../../src/lib/finetune/formats';
import { toJsonl, trainingExample } from '../../../src/lib/finetune/jsonl';
import { PLAIN_SYSTEM_PROMPT, RAG_SYSTEM_PROMPT } from '../../../src/lib/rag/sources';
import { samplePairs } from './pairs';

const line = (messages: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ messages, ...extra });
const sys = { role: 'system', content: 'Be brief.' };
const user = { role: 'user', content: 'What is the per diem?' };
const bot = { role: 'assistant', content: '62 euros' };
/** Ten good lines and one under test, so OpenAI's minimum is not what fails. */
const withGood = (bad: string) =>
  [...Array<string>(10).fill(line([sys, user, bot])), bad].join('\n') + '\n';
const problems = (text: string, target: TrainingTarget) => checkJsonl(text, target).problems;

describe('training JSONL', () => {
  it('writes both files in a shape every target accepts', () => {
    for (const kind of ['closed-book', 'with-passage'] as const) {
      const text = toJsonl(samplePairs(), kind);
      expect(text.endsWith('\n')).toBe(true);
      expect(text.split('\n')).toHaveLength(15); // 14 lines and the final newline
      for (const target of TRAINING_TARGETS) {
        expect(checkJsonl(text, target), `${kind} for ${target}`).toEqual({
          examples: 14,
          problems: [],
        });
      }
    }
  });

  it('gives the closed-book file no passage and the other the passage as source [1]', () => {
    const pair = samplePairs()[2]!;
    const closed = trainingExample(pair, 'closed-book').messages;
    expect(closed).toEqual([
      { role: 'system', content: PLAIN_SYSTEM_PROMPT },
      { role: 'user', content: 'What is the mileage rate?' },
      { role: 'assistant', content: '30 cents per kilometre' },
    ]);
    const open = trainingExample(pair, 'with-passage').messages;
    expect(open[0]).toEqual({ role: 'system', content: RAG_SYSTEM_PROMPT });
    expect(open[1]!.content).toBe(
      'Sources:\n\n[1] (policy.md › Travel policy › Cars)\n' +
        'For a private car, the mileage rate is 30 cents per kilometre.\n\n' +
        'Question: What is the mileage rate?',
    );
    expect(open[2]).toEqual({ role: 'assistant', content: '30 cents per kilometre [1]' });
    const pdf = trainingExample(samplePairs()[6]!, 'with-passage').messages[1]!.content;
    expect(pdf).toContain('[1] (kettle.pdf, page 1)');
  });

  it('escapes line and paragraph separators so each example stays on one line', () => {
    const text = toJsonl(samplePairs(), 'closed-book');
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(text).toContain('lifted\\u2028from its base');
    const parsed = JSON.parse(text.split('\n')[10]!) as { messages: { content: string }[] };
    expect(parsed.messages[2]!.content).toBe('when it is lifted\u2028from its base');
  });

  it('refuses lines that break a rule, naming the line and the rule', () => {
    expect(problems(withGood('{"messages": ['), 'trl')).toEqual(['line 11: is not JSON']);
    expect(problems(withGood('[1]'), 'trl')).toEqual(['line 11: must be a JSON object']);
    expect(problems(withGood(line([])), 'axolotl')).toEqual([
      'line 11: messages must be a list that is not empty',
    ]);
    expect(problems(withGood(line([sys, user])), 'openai')).toEqual([
      'line 11: has no assistant message to learn from',
      'line 11: must end with an assistant message',
    ]);
    expect(problems(withGood(line([user, { role: 'bot', content: 'x' }])), 'trl')[0]).toMatch(
      /line 11: messages\[1\]\.role must be one of system, user, assistant, tool/,
    );
    expect(problems(withGood(line([user, { ...bot, content: '  ' }])), 'axolotl')).toContain(
      'line 11: messages[1].content must be text that is not empty',
    );
    expect(problems(withGood(line([user, bot], { text: 'x' })), 'trl')).toEqual([
      'line 11: has an unknown key “text”',
    ]);
    expect(problems(withGood(''), 'trl')).toEqual(['line 11: is not JSON']);
  });

  it('holds OpenAI to its own rules: weights 0 or 1, extra keys it documents, ten examples', () => {
    expect(problems(withGood(line([user, { ...bot, weight: 1 }])), 'openai')).toEqual([]);
    expect(problems(withGood(line([user, { ...bot, weight: 2 }])), 'openai')).toEqual([
      'line 11: messages[1].weight must be 0 or 1',
    ]);
    expect(problems(withGood(line([user, { ...bot, weight: 1 }])), 'trl')).toEqual([
      'line 11: messages[1] has an unknown key “weight”',
    ]);
    const nine =
      Array<string>(9)
        .fill(line([user, bot]))
        .join('\n') + '\n';
    expect(problems(nine, 'openai')).toEqual([
      'has 9 examples; OpenAI fine-tuning (chat) needs at least 10',
    ]);
    expect(problems(nine, 'trl')).toEqual([]);
  });

  it('holds LLaMA-Factory to a system message first and user/assistant in turn', () => {
    const rule =
      'line 11: must be an optional system message, then user and assistant turns in turn, ending with assistant';
    expect(problems(withGood(line([sys, user, bot, user, bot])), 'llama-factory')).toEqual([]);
    expect(problems(withGood(line([user, sys, bot])), 'llama-factory')).toEqual([rule]);
    expect(problems(withGood(line([user, user, bot])), 'llama-factory')).toEqual([rule]);
    expect(problems(withGood(line([sys, bot])), 'llama-factory')).toEqual([rule]);
    // The same lines are fine where the tool applies the model's own chat template.
    expect(problems(withGood(line([user, user, bot])), 'trl')).toEqual([]);
  });
});
