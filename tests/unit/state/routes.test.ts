// Hash routes: each view has one, unknown ones name no view, and the title names the view.
import { describe, expect, it } from 'vitest';
import { VIEW_ROUTES, hashOf, titleOf, viewFromHash } from '../../../src/lib/state/routes';

describe('routes', () => {
  it('round-trips every view through its hash', () => {
    for (const r of VIEW_ROUTES) expect(viewFromHash(hashOf(r.id))).toBe(r.id);
    expect(hashOf('lab')).toBe('#/compare');
  });
  it('reads loose forms and refuses unknown ones', () => {
    expect(viewFromHash('#compare')).toBe('lab');
    expect(viewFromHash('#/Chat/')).toBe('chat');
    expect(viewFromHash('')).toBeUndefined();
    expect(viewFromHash('#/nowhere')).toBeUndefined();
  });
  it('names the view in the title', () => {
    expect(titleOf('lab')).toBe('Compare — ragtune');
  });
});
