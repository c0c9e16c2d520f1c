// `npm run eval:score`: the gold/prediction file readers, then the CLI itself spawned with
// `npx tsx` on small temporary files (its last line is the JSON summary; bad input exits 1).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGoldFile, parsePredictionsFile } from '../../../src/lib/eval/squadFiles';
import { expectRagtuneError } from '../ingest/expectError';

const squad = {
  version: '1.1',
  data: [
    {
      title: 'Super_Bowl_50',
      paragraphs: [
        {
          context: 'The Denver Broncos defeated the Carolina Panthers 24–10.',
          qas: [
            {
              id: 'q1',
              question: 'Who won?',
              answers: [{ text: 'Denver Broncos', answer_start: 4 }, { text: 'Broncos' }],
            },
            { id: 'q2', question: 'Who lost?', answers: [{ text: 'Carolina Panthers' }] },
          ],
        },
      ],
    },
    {
      title: 'Other',
      paragraphs: [{ context: 'x', qas: [{ id: 'q3', answers: [{ text: 'x' }] }] }],
    },
  ],
};

describe('gold and prediction files', () => {
  it('reads SQuAD v1.1 JSON in the official order', () => {
    expect(parseGoldFile(`\uFEFF${JSON.stringify(squad)}`, 'dev.json')).toEqual([
      { id: 'q1', answers: ['Denver Broncos', 'Broncos'] },
      { id: 'q2', answers: ['Carolina Panthers'] },
      { id: 'q3', answers: ['x'] },
    ]);
  });

  it('reads JSONL with _id or id and answers as strings or {text}', () => {
    const jsonl =
      '{"_id": "a", "answers": ["x", "y"]}\r\n\n{"id": 7, "answers": [{"text": "z"}]}\n';
    expect(parseGoldFile(jsonl, 'gold.jsonl')).toEqual([
      { id: 'a', answers: ['x', 'y'] },
      { id: '7', answers: ['z'] },
    ]);
    expect(parseGoldFile('{"_id": "only", "answers": ["one"]}', 'one.jsonl')).toEqual([
      { id: 'only', answers: ['one'] },
    ]);
  });

  it('says what is wrong with a gold file, and where', async () => {
    await expectRagtuneError(() => parseGoldFile(' \n', 'g.jsonl'), 'empty', 'g.jsonl');
    const line = await expectRagtuneError(
      () => parseGoldFile('{"_id": "a", "answers": ["x"]}\n{"_id": "b", "answers": [', 'g.jsonl'),
      'invalid-json',
      'g.jsonl',
    );
    expect(line.message).toContain('line 2');
    const shape = await expectRagtuneError(
      () => parseGoldFile('{"_id": "a", "answers": "x"}', 'g.jsonl'),
      'invalid-dataset',
      'g.jsonl',
    );
    expect(shape.message).toContain('line 1');
    const deep = await expectRagtuneError(
      () =>
        parseGoldFile(
          '{"data": [{"paragraphs": [{"qas": [{"id": "q", "answers": [1]}]}]}]}',
          'd.json',
        ),
      'invalid-dataset',
      'd.json',
    );
    expect(deep.message).toContain('data[0].paragraphs[0].qas[0].answers[0]');
    await expectRagtuneError(() => parseGoldFile('[1, 2]', 'a.json'), 'invalid-dataset', 'a.json');
    await expectRagtuneError(
      () => parseGoldFile('{"x": 1}', 'a.json'),
      'invalid-dataset',
      'a.json',
    );
    const none = await expectRagtuneError(
      () => parseGoldFile('{"_id": "u", "answers": []}', 'v2.jsonl'),
      'invalid-dataset',
      'v2.jsonl',
    );
    expect(none.message).toContain('question u has no answers');
    await expectRagtuneError(() => parseGoldFile('{"data": []}', 'e.json'), 'invalid-dataset');
  });

  it('reads predictions as an object of strings, and nothing else', async () => {
    expect(parsePredictionsFile('{"q1": "Broncos", "__proto__": "x"}', 'p.json')).toEqual(
      JSON.parse('{"q1": "Broncos", "__proto__": "x"}'),
    );
    await expectRagtuneError(() => parsePredictionsFile('', 'p.json'), 'empty', 'p.json');
    await expectRagtuneError(
      () => parsePredictionsFile('{"q1": ', 'p.json'),
      'invalid-json',
      'p.json',
    );
    await expectRagtuneError(
      () => parsePredictionsFile('["a"]', 'p.json'),
      'invalid-dataset',
      'p.json',
    );
    const value = await expectRagtuneError(
      () => parsePredictionsFile('{"q1": 3}', 'p.json'),
      'invalid-dataset',
      'p.json',
    );
    expect(value.message).toContain('"q1"');
  });
});

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'eval-score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/eval-score.ts', ...args], {
      cwd: repo,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function lastLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
}

describe('eval:score CLI', { timeout: 120_000 }, () => {
  it('scores SQuAD JSON gold, with a missing and an extra prediction', async () => {
    const gold = file('dev.json', JSON.stringify(squad));
    // q1 exact; q2 F1 2/3 (pred {panthers} vs {carolina, panthers}); q3 missing.
    const pred = file('pred.json', JSON.stringify({ q1: 'the Broncos', q2: 'Panthers', zz: 'x' }));
    const { code, stdout } = await cli('--gold', gold, '--pred', pred);
    expect(code).toBe(0);
    expect(stdout).toContain('missing:     1');
    const summary = lastLine(stdout);
    expect(summary.count).toBe(3);
    expect(summary.missing).toBe(1);
    expect(summary.extra).toBe(1);
    expect(summary.exact_match).toBeCloseTo(100 / 3, 10);
    expect(summary.f1).toBeCloseTo((100 * (1 + 2 / 3)) / 3, 10);
  });

  it('scores JSONL gold given with --opt=value', async () => {
    const gold = file(
      'gold.jsonl',
      '{"_id": "a", "answers": ["Paris"]}\n{"_id": "b", "answers": [{"text": "1,000"}]}\n',
    );
    const pred = file('pred2.json', JSON.stringify({ a: 'paris.', b: '1000' }));
    const { code, stdout } = await cli(`--gold=${gold}`, `--pred=${pred}`);
    expect(code).toBe(0);
    expect(lastLine(stdout)).toEqual({ exact_match: 100, f1: 100, count: 2, missing: 0, extra: 0 });
  });

  it('exits 1 with a clear message on bad input', async () => {
    const gold = file('g.jsonl', '{"_id": "a", "answers": ["x"]}\n');
    const badJson = file('bad.json', '{"a": "x"');
    const wrong = file('wrong.json', '[{"id": "a"}]');
    const cases: [string[], string][] = [
      [['--gold', gold], 'Both --gold and --pred are needed'],
      [['--gold', join(dir, 'nope.json'), '--pred', badJson], 'Cannot read the gold file'],
      [['--gold', gold, '--pred', badJson], 'bad.json is not valid JSON'],
      [['--gold', wrong, '--pred', gold], 'wrong.json is JSON but not a SQuAD v1.1 file'],
      [['--gold', gold, '--pred', badJson, '--limit', '3'], 'Unknown option --limit'],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli(...args);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr).toContain(message);
    }
  });
});
