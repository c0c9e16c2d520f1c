// The manuals → BEIR converter: passages are sections with their heading paths and stable ids,
// each answer is placed in the section that states it (or dropped and counted), and the files
// written parse with the app's own BEIR reader.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBeir } from '../../../src/lib/eval/beir';
import {
  beirFiles,
  manualPassages,
  manualsToBeir,
  parseQa,
  placeAnswer,
} from '../../../scripts/bench/manualsBeir';
import { convertManualsDir, isManualsDir } from '../../../scripts/bench/manualsDir';

const TENT = `# Product 1
Glacier Tent, price $200

## Features
- Aluminium poles for strength
- Mesh windows for ventilation and fewer insects

## Technical Specs
**Capacity**: 3-person
**Weight**: 9 lbs

## User Guide

### Setup
Spread the footprint on flat ground. Clip the body to the poles.

### Care
Wipe the fly with a damp cloth and let it air dry before packing.

## Reviews
The poles felt strong. Setup took minutes. The weight was fine for three people on a long hike.
I would buy it again for the windows and the ventilation.

## Features
- A second features list, repeated heading
`;

const STOVE = `# Product 2
Ember Stove

## Fuel
Burns isobutane canisters only.
`;

const manuals = [
  { name: 'product_1.md', text: TENT },
  { name: 'product_2.md', text: STOVE },
];

describe('manualPassages', () => {
  const passages = manualPassages(manuals[0]!);

  it('makes one passage per section with text, titled by its heading path', () => {
    expect(passages.map((p) => p.title)).toEqual([
      'Product 1',
      'Product 1 > Features',
      'Product 1 > Technical Specs',
      'Product 1 > User Guide > Setup',
      'Product 1 > User Guide > Care',
      'Product 1 > Reviews',
      'Product 1 > Features',
    ]);
    expect(passages[4]!.text).toBe(
      'Wipe the fly with a damp cloth and let it air dry before packing.',
    );
  });

  it('gives stable ids from the file and heading path, numbering a repeated path', () => {
    expect(passages.map((p) => p.id)).toEqual([
      'product_1/product-1',
      'product_1/product-1/features',
      'product_1/product-1/technical-specs',
      'product_1/product-1/user-guide/setup',
      'product_1/product-1/user-guide/care',
      'product_1/product-1/reviews',
      'product_1/product-1/features~2',
    ]);
    expect(manualPassages(manuals[0]!).map((p) => p.id)).toEqual(passages.map((p) => p.id));
  });
});

describe('placeAnswer', () => {
  const passages = manualPassages(manuals[0]!);

  it('finds the section whose sentence states a paraphrased answer', () => {
    const placed = placeAnswer('To clean the Glacier Tent, wipe it with a damp cloth.', passages);
    expect(placed.relevant).toEqual(['product_1/product-1/user-guide/care']);
    expect(placed.evidence).toMatch(/^Wipe the fly/);
    expect(placed.coverage).toBeGreaterThan(placed.runnerUp);
  });

  it('does not credit a long section whose words are spread over many sentences', () => {
    // Reviews hold more of its words (poles, strong, windows, ventilation), but in two sentences;
    // one line of Features states most of it (mesh windows, ventilation).
    const placed = placeAnswer(
      'Its poles are strong, and with mesh windows it stays ventilated.',
      passages,
    );
    expect(placed.relevant[0]).toBe('product_1/product-1/features');
    expect(placed.relevant).not.toContain('product_1/product-1/reviews');
  });

  it('finds nothing when the answer is not in the manual', () => {
    const placed = placeAnswer('It ships with a lifetime guarantee on zippers.', passages);
    expect(placed.relevant).toEqual([]);
  });

  it('makes every section that states the answer equally relevant', () => {
    const twice = manualPassages({
      name: 'm.md',
      text: '# M\n\n## A\nThe strap is adjustable.\n\n## B\nThe strap is adjustable.\n\n## C\nBlue.\n',
    });
    expect(placeAnswer('The strap is adjustable.', twice).relevant.sort()).toEqual([
      'm/m/a',
      'm/m/b',
    ]);
  });
});

describe('manualsToBeir', () => {
  const pairs = [
    { doc: 'product_1.md', question: 'How heavy is it?', answer: 'The tent weighs 9 lbs.' },
    { doc: 'product_2.md', question: 'What fuel?', answer: 'It burns isobutane canisters.' },
    { doc: 'product_1.md', question: 'Warranty?', answer: 'A lifetime guarantee on zippers.' },
    { doc: 'product_9.md', question: 'Colour?', answer: 'Red.' },
  ];
  const set = manualsToBeir(manuals, pairs);

  it('keeps located questions and counts the dropped ones by reason', () => {
    expect(set.queries.map((q) => q.text)).toEqual(['How heavy is it?', 'What fuel?']);
    expect(set.qrels.get('q1')).toEqual(['product_1/product-1/technical-specs']);
    expect(set.qrels.get('q2')).toEqual(['product_2/product-2/fuel']);
    expect(set.placements.map((p) => p.dropped)).toEqual([
      undefined,
      undefined,
      'not-located',
      'unknown-manual',
    ]);
  });

  it('writes files the app reads as a BEIR dataset', () => {
    const files = Object.entries(beirFiles(set)).map(([path, text]) => ({ path, text }));
    const data = parseBeir(files);
    expect(data.corpus).toHaveLength(9);
    expect(data.corpus[1]).toEqual({
      id: 'product_1/product-1/features',
      title: 'Product 1 > Features',
      text: '- Aluminium poles for strength\n- Mesh windows for ventilation and fewer insects',
    });
    expect([...data.qrels.keys()]).toEqual(['q1', 'q2']);
    expect(data.qrels.get('q2')).toEqual(new Map([['product_2/product-2/fuel', 1]]));
  });
});

describe('parseQa and convertManualsDir', () => {
  it('rejects a Q&A line without its strings, naming the line', () => {
    expect(() => parseQa('{"doc":"a.md","question":"q","answer":"a"}\n{"doc":"a.md"}')).toThrow(
      /line 2/,
    );
  });

  it('converts a folder and writes an audit of every placement', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manuals-in-'));
    const out = mkdtempSync(join(tmpdir(), 'manuals-out-'));
    writeFileSync(join(dir, 'product_1.md'), TENT);
    writeFileSync(
      join(dir, 'qa.jsonl'),
      `${JSON.stringify({ doc: 'product_1.md', question: 'Weight?', answer: 'It weighs 9 lbs.' })}\n`,
    );
    expect(isManualsDir(dir)).toBe(true);
    const summary = convertManualsDir(dir, out);
    expect(summary).toMatchObject({ manuals: 1, passages: 7, pairs: 1, queries: 1 });
    expect(readFileSync(join(out, 'qrels.test.tsv'), 'utf8')).toBe(
      'query-id\tcorpus-id\tscore\nq1\tproduct_1/product-1/technical-specs\t1\n',
    );
    expect(readFileSync(join(out, 'placements.tsv'), 'utf8')).toContain('**Weight**: 9 lbs');
    expect(isManualsDir(out)).toBe(false);
  });
});
