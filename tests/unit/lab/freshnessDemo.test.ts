// The freshness demo: the shipped sample states its fact once, the edit changes exactly that,
// refuses to run twice, answers are judged by the amount however it is written, and the library
// (real chunker, keyword index and store on fake-indexeddb) finds the old price, then the new.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FRESHNESS_DEMO,
  applyFreshnessEdit,
  freshnessState,
  freshnessVerdict,
  mentionsAmount,
  restoreFreshnessFact,
} from '../../../src/lib/lab/freshnessDemo';
import { Library } from '../../../src/lib/library/Library';
import { normaliseText } from '../../../src/lib/ingest/normalise';
import { openLibraryStore } from '../../../src/lib/library/LibraryStore';
import { RagtuneError } from '../../../src/lib/errors';
import { fakeEmbedder } from '../library/fakeEmbedder';

const demo = FRESHNESS_DEMO;
const sample = readFileSync(`public/samples/${demo.sampleFile}`, 'utf8');
const count = (text: string, part: string) => text.split(part).length - 1;

describe('the freshness demo sample', () => {
  it('ships in the sample library and states the fact once, in the answer’s words', () => {
    const index = JSON.parse(readFileSync('public/samples/index.json', 'utf8')) as string[];
    expect(index).toContain(demo.sampleFile);
    expect(count(sample, demo.edit.find)).toBe(1);
    expect(count(sample, demo.originalAnswer)).toBe(1);
    expect(sample).not.toContain(demo.edit.replace);
    expect(mentionsAmount(sample, demo.newAnswer)).toBe(false);
    expect(demo.edit.find).toContain(demo.originalAnswer);
    expect(demo.edit.replace).toContain(demo.newAnswer);
    expect(sample).toMatch(/fictional/);
  });
});

describe('restoreFreshnessFact', () => {
  it('gives back the sample exactly, and refuses a text without the demo edit', () => {
    expect(restoreFreshnessFact(applyFreshnessEdit(sample))).toBe(sample);
    expect(() => restoreFreshnessFact(sample)).toThrow(RagtuneError);
  });
});

describe('applyFreshnessEdit', () => {
  it('changes the fact and nothing else', () => {
    const edited = applyFreshnessEdit(sample);
    expect(edited).not.toBe(sample);
    expect(edited).toContain(demo.newAnswer);
    expect(edited).not.toContain(demo.originalAnswer);
    expect(freshnessState(sample)).toBe('original');
    expect(freshnessState(edited)).toBe('edited');
    const at = sample.indexOf(demo.edit.find);
    expect(edited.slice(0, at)).toBe(sample.slice(0, at));
    expect(edited.slice(at + demo.edit.replace.length)).toBe(
      sample.slice(at + demo.edit.find.length),
    );
    // The library stores normalised text: the edit applies to it just the same.
    expect(applyFreshnessEdit(normaliseText(sample))).toBe(normaliseText(edited));
  });

  it('replaces every occurrence, so no copy of the old fact survives', () => {
    const twice = `${demo.edit.find}. Again: ${demo.edit.find}.`;
    expect(applyFreshnessEdit(twice)).toBe(`${demo.edit.replace}. Again: ${demo.edit.replace}.`);
  });

  it('says the edit was already made, or that the fact is gone, with what to do', () => {
    const edited = applyFreshnessEdit(sample);
    const again = (() => {
      try {
        applyFreshnessEdit(edited);
      } catch (error) {
        return error;
      }
    })();
    expect(again).toBeInstanceOf(RagtuneError);
    expect(again).toMatchObject({ code: 'fact-not-found' });
    expect((again as Error).message).toMatch(/already says “cost is 3,980 euros”/);

    const rewritten = sample.replace(demo.edit.find, 'costs a lot');
    expect(freshnessState(rewritten)).toBe('changed');
    expect(() => applyFreshnessEdit(rewritten)).toThrow(/no longer says “cost is 4,350 euros”/);
    expect(() => applyFreshnessEdit(rewritten)).toThrow(demo.sampleFile);
  });
});

describe('judging answers', () => {
  it('finds an amount however it is written, and not inside other numbers', () => {
    for (const said of [
      'It costs 4,350 euros.',
      'The price is €4350.',
      'About 4 350 EUR including VAT',
      'Preis: 4.350 €',
      '4,350.00 euros',
      'It costs 4\u202f350 €.',
      'is 4, 350 euros, including vat',
    ]) {
      expect(mentionsAmount(said, demo.originalAnswer), said).toBe(true);
    }
    for (const said of ['43,500 euros', '14,350 euros', '4,3500', '4.35 euros', 'I do not know.']) {
      expect(mentionsAmount(said, demo.originalAnswer), said).toBe(false);
    }
    expect(mentionsAmount('It is now €3,980 [1].', demo.newAnswer)).toBe(true);
  });

  it('tells which fact an answer states', () => {
    expect(freshnessVerdict('The Halcyon H2 costs 4,350 euros [1].')).toBe('original');
    expect(freshnessVerdict('It costs €3,980, including VAT [1].')).toBe('new');
    expect(freshnessVerdict('It was 4,350 euros and is now 3,980 euros.')).toBe('both');
    expect(freshnessVerdict('Home batteries cost about 8,000 euros.')).toBe('neither');
  });
});

describe('the demo on the library', () => {
  it('retrieval for the question finds the old price, then only the new one after the edit', async () => {
    const library = await Library.open(await openLibraryStore('freshness-demo'));
    await library.setEmbedder(fakeEmbedder());
    const bytes = new TextEncoder().encode(sample).buffer as ArrayBuffer;
    const chunking = { maxTokens: 200, overlapTokens: 40 };
    const outcome = await library.ingest(
      { name: demo.sampleFile, bytes, source: 'file' },
      chunking,
      () => {},
    );
    const ask = async (mode: 'keyword' | 'vector' | 'hybrid') =>
      (await library.search(demo.question, { mode, topK: 3, threshold: 0, rerank: false })).hits
        .map((h) => h.text)
        .join('\n');
    for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
      expect(freshnessVerdict(await ask(mode))).toBe('original');
    }
    const id = outcome.docId!;
    const { meta } = await library.updateText(
      id,
      applyFreshnessEdit(normaliseText(sample)),
      chunking,
      () => {},
    );
    expect(meta.name).toBe(demo.sampleFile);
    for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
      expect(freshnessVerdict(await ask(mode))).toBe('new');
    }
  });
});
