// refiller: a form's draft is filled from its saved value the first time and when that value
// changes, never when the same value comes again (another card's save replaces the settings).
import { describe, expect, it } from 'vitest';
import { refiller } from '../../../src/lib/forms/refill';

describe('refiller', () => {
  it('fills on the first value and on a changed one, not on an equal one or undefined', () => {
    const filled: { k: number }[] = [];
    const refill = refiller((saved: { k: number }) => filled.push(saved));
    refill(undefined);
    refill({ k: 5 });
    refill({ k: 5 }); // the same settings, a new object: another card was saved
    refill(undefined);
    refill({ k: 7 });
    refill({ k: 5 });
    expect(filled).toEqual([{ k: 5 }, { k: 7 }, { k: 5 }]);
  });
});
