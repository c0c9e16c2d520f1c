// The guided path's ticks come from the app's state: the samples present, answers with RAG off and
// on, a finished base × variant × off/on comparison, and the demo question asked around an edit.
import { describe, expect, it } from 'vitest';
import {
  askedBothWays,
  guideProgress,
  nextStep,
  type GuideFacts,
} from '../../../src/lib/start/guide';
import { downloadsToAsk, isCachedId } from '../../../src/lib/start/consent';
import { markStartSeen, startSeen } from '../../../src/lib/start/firstVisit';
import { SUGGESTED_QUESTIONS } from '../../../src/lib/samples/questions';

const Q = 'What is the cap?';
const freshness = { sampleFile: 'battery.md', question: 'How much?' };
const empty: GuideFacts = {
  sampleNames: ['a.md', 'b.md'],
  documents: [],
  messages: [],
  comparisons: [],
  freshness,
};
const user = (content: string) => ({ role: 'user', content });
const answer = (on: boolean, status?: string) => ({
  role: 'assistant',
  content: 'x',
  rag: { on },
  ...(status ? { status } : {}),
});

describe('guideProgress', () => {
  it('ticks nothing on an empty app and points at the first step', () => {
    const p = guideProgress(empty, [Q]);
    expect(p).toEqual({ library: false, chat: false, compare: false, freshness: false });
    expect(nextStep(p)).toBe('library');
  });

  it('ticks the library only when every sample is in it', () => {
    const some = { ...empty, documents: [{ name: 'a.md' }] };
    expect(guideProgress(some, [Q]).library).toBe(false);
    const all = { ...empty, documents: [{ name: 'a.md' }, { name: 'b.md' }, { name: 'mine.txt' }] };
    expect(guideProgress(all, [Q]).library).toBe(true);
    // An index not read yet proves nothing.
    expect(guideProgress({ ...all, sampleNames: [] }, [Q]).library).toBe(false);
  });

  it('ticks the chat step only for a suggested question answered with RAG off and on', () => {
    expect(askedBothWays([user(Q), answer(false)], Q)).toBe(false);
    expect(askedBothWays([user(Q), answer(false), user(Q), answer(true)], Q)).toBe(true);
    expect(askedBothWays([user(Q), answer(false), user(Q), answer(true, 'interrupted')], Q)).toBe(
      false,
    );
    expect(askedBothWays([user('other'), answer(false), user(Q), answer(true)], Q)).toBe(false);
    const facts = { ...empty, messages: [user(Q), answer(true), user(Q), answer(false)] };
    expect(guideProgress(facts, [Q]).chat).toBe(true);
    expect(guideProgress(facts, ['another']).chat).toBe(false);
  });

  it('ticks the comparison only when finished with two models and both RAG modes', () => {
    const current = {
      question: Q,
      done: true,
      models: 2,
      contexts: ['none', 'rag', 'none', 'rag'],
    };
    expect(guideProgress({ ...empty, current }, [Q]).compare).toBe(true);
    expect(guideProgress({ ...empty, current: { ...current, done: false } }, [Q]).compare).toBe(
      false,
    );
    expect(guideProgress({ ...empty, current: { ...current, models: 1 } }, [Q]).compare).toBe(
      false,
    );
    expect(
      guideProgress({ ...empty, current: { ...current, contexts: ['rag'] } }, [Q]).compare,
    ).toBe(false);
  });

  it('keeps the comparison ticked from a saved whole grid once another comparison is on screen', () => {
    const other = { question: 'How much?', done: true, models: 2, contexts: ['none', 'rag'] };
    const saved = [{ question: Q, armCount: 4, createdAt: 1 }];
    expect(guideProgress({ ...empty, current: other, comparisons: saved }, [Q]).compare).toBe(true);
    expect(guideProgress({ ...empty, comparisons: saved }, [Q]).compare).toBe(true);
    const small = [{ question: Q, armCount: 2, createdAt: 1 }];
    expect(guideProgress({ ...empty, comparisons: small }, [Q]).compare).toBe(false);
    const running = { question: Q, done: false, models: 2, contexts: ['none', 'rag'] };
    expect(guideProgress({ ...empty, current: running, comparisons: saved }, [Q]).compare).toBe(
      false,
    );
  });

  it('ticks freshness when the demo question was asked before and after the edit', () => {
    const asked = (createdAt: number) => ({ question: 'How much?', armCount: 4, createdAt });
    const documents = [{ name: 'battery.md', editedAt: 100 }];
    expect(guideProgress({ ...empty, documents, comparisons: [asked(50)] }, [Q]).freshness).toBe(
      false,
    );
    expect(
      guideProgress({ ...empty, documents, comparisons: [asked(50), asked(150)] }, [Q]).freshness,
    ).toBe(true);
    const unedited = [{ name: 'battery.md' }];
    expect(
      guideProgress({ ...empty, documents: unedited, comparisons: [asked(50), asked(150)] }, [Q])
        .freshness,
    ).toBe(false);
  });
});

describe('downloadsToAsk', () => {
  const tiny = { id: 'ragtune-test/tiny-lm', name: 'tiny-lm', download: '12 KB' };
  it('asks for a model neither loaded nor cached, once, with its size or an honest unknown', () => {
    const other = { id: 'x/other', name: 'other' };
    expect(downloadsToAsk([tiny, tiny, other], [], [])).toEqual([
      { id: tiny.id, name: 'tiny-lm', size: '12 KB' },
      { id: 'x/other', name: 'other', size: 'size not known in advance' },
    ]);
  });
  it('does not ask for a loaded or cached model', () => {
    expect(downloadsToAsk([tiny], [tiny.id], [])).toEqual([]);
    expect(downloadsToAsk([tiny], [], ['ragtune-test/tiny-lm'])).toEqual([]);
    expect(
      isCachedId(['mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC'], 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC'),
    ).toBe(true);
    expect(isCachedId(['ragtune-test/tiny-lm-variant'], 'ragtune-test/tiny-lm')).toBe(false);
  });
});

describe('first visit', () => {
  it('is remembered in storage', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    };
    expect(startSeen(storage)).toBe(false);
    markStartSeen(storage);
    expect(startSeen(storage)).toBe(true);
  });
});

describe('suggested questions', () => {
  it('each names a sample file of the library index', async () => {
    const { readFile } = await import('node:fs/promises');
    const index = JSON.parse(await readFile('public/samples/index.json', 'utf8')) as string[];
    for (const q of SUGGESTED_QUESTIONS) {
      expect(index).toContain(q.sampleFile);
      const text = await readFile(`public/samples/${q.sampleFile}`, 'utf8');
      expect(text).toContain(q.answer);
    }
  });
});
