// A load's bar never sits at 100 % while the engine compiles or warms up.
import { describe, expect, it } from 'vitest';
import { loadStage } from '../../../src/lib/generate/loadStage';

describe('loadStage', () => {
  it('shows the share while downloading', () => {
    expect(loadStage({ fraction: 0.4, text: 'Downloading 40 %', phase: 'download' })).toEqual({
      fraction: 0.4,
      text: 'Downloading 40 %',
    });
  });

  it('drops the percentage and says what happens once every byte is in', () => {
    const done = loadStage({ fraction: 1, text: 'Loading 100 %', phase: 'load' });
    expect(done.fraction).toBeUndefined();
    expect(done.text).toBe('Preparing the model in memory (every file is here)…');
  });

  it('names compiling, keeping the engine’s own words when they say more', () => {
    const compiling = loadStage({
      fraction: 0.7,
      text: 'Loading GPU shader modules[12/40]',
      phase: 'compile',
    });
    expect(compiling.fraction).toBeUndefined();
    expect(compiling.text).toBe(
      'Compiling the model for this GPU… — Loading GPU shader modules[12/40]',
    );
  });

  it('leaves a finished load as it is', () => {
    expect(loadStage({ fraction: 1, text: 'Ready', phase: 'ready' }).fraction).toBe(1);
  });
});
