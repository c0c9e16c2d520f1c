import { describe, expect, it } from 'vitest';
import { sharedNotes } from '../../../src/lib/models/sharedNotes';

const NO_GPU = 'This browser has no WebGPU.';
const SLOW = 'WebGPU runs in software here.';

describe('sharedNotes', () => {
  it('names the one reason when no model of the group can run, all for it', () => {
    const checks = [
      { ok: false, reason: NO_GPU, warnings: [] },
      { ok: false, reason: NO_GPU, warnings: [] },
    ];
    expect(sharedNotes(checks)).toEqual({ reason: NO_GPU, warnings: [] });
  });

  it('names no reason when one model can run or another reason differs', () => {
    expect(
      sharedNotes([
        { ok: false, reason: NO_GPU, warnings: [] },
        { ok: true, warnings: [] },
      ]).reason,
    ).toBeUndefined();
    expect(
      sharedNotes([
        { ok: false, reason: NO_GPU, warnings: [] },
        { ok: false, reason: 'Too big for this GPU.', warnings: [] },
      ]).reason,
    ).toBeUndefined();
  });

  it('keeps only the warnings every model carries', () => {
    const checks = [
      { ok: true, warnings: [SLOW, 'Needs 3 GB.'] },
      { ok: true, warnings: [SLOW] },
    ];
    expect(sharedNotes(checks)).toEqual({ warnings: [SLOW] });
  });

  it('shares nothing for a group of one or a model not yet checked', () => {
    expect(sharedNotes([{ ok: false, reason: NO_GPU, warnings: [SLOW] }])).toEqual({
      warnings: [],
    });
    expect(sharedNotes([{ ok: false, reason: NO_GPU, warnings: [] }, undefined])).toEqual({
      warnings: [],
    });
  });
});
