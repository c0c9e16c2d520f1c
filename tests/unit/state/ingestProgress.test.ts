// Import progress for large imports: the job's fraction without a render walking every file,
// and at most a page of file rows, failures first, with counts per stage for the rest.
import { describe, expect, it } from 'vitest';
import type { IngestProgress } from '../../../src/lib/library/protocol';
import {
  FILE_ROWS_SHOWN,
  jobFraction,
  stageCounts,
  visibleFiles,
} from '../../../src/lib/state/ingestProgress';

const file = (index: number, stage: IngestProgress['stage'], fraction = 0): IngestProgress => ({
  jobId: 'j',
  index,
  name: `f${index}.md`,
  stage,
  fraction,
});

describe('import progress', () => {
  it('averages the files’ progress', () => {
    expect(jobFraction([])).toBe(1);
    expect(jobFraction([file(0, 'done'), file(1, 'queued')])).toBe(0.5);
  });

  it('lists every file of a small import in order', () => {
    const files = [file(0, 'done'), file(1, 'failed'), file(2, 'queued')];
    expect(visibleFiles(files, FILE_ROWS_SHOWN)).toEqual(files);
  });

  it('lists a page of a large import, failures first, and counts the stages', () => {
    const files = Array.from({ length: 2000 }, (_, i) =>
      file(i, i === 1500 ? 'failed' : i < 1000 ? 'done' : 'queued'),
    );
    const shown = visibleFiles(files, FILE_ROWS_SHOWN);
    expect(shown).toHaveLength(FILE_ROWS_SHOWN);
    expect(shown[0]?.index).toBe(1500);
    expect(stageCounts(files, { done: 'Added', queued: 'Waiting', failed: 'Failed' })).toBe(
      '1,000 added · 999 waiting · 1 failed',
    );
  });
});
