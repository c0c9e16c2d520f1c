// Hash routes: each view has one, unknown ones name no view, and the title names the view.
import { describe, expect, it } from 'vitest';
import {
  VIEW_ROUTES,
  hashOf,
  hashOfRoute,
  routeFromHash,
  titleOf,
  viewFromHash,
} from '../../../src/lib/state/routes';

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
  it('round-trips what is open: a comparison, an experiment, a document and its chunk', () => {
    const routes = [
      { view: 'lab', comparison: 'c-1' },
      { view: 'evaluate', experiment: 'x 2/3' },
      { view: 'chat', document: 'doc#1', chunk: 'doc#1#4' },
      { view: 'lab', comparison: 'c-1', document: 'd', chunk: 'd#0' },
    ] as const;
    for (const route of routes) expect(routeFromHash(hashOfRoute(route))).toEqual(route);
    expect(hashOfRoute({ view: 'lab', comparison: 'c/1' })).toBe('#/compare/comparison/c%2F1');
    expect(hashOfRoute({ view: 'chat', document: 'a', chunk: 'a#2' })).toBe(
      '#/chat/document/a/chunk/a%232',
    );
  });
  it('leaves out items of another view, unknown keys, a chunk without its document and damage', () => {
    expect(routeFromHash('#/chat/comparison/c1')).toEqual({ view: 'chat' });
    expect(routeFromHash('#/compare/experiment/x1')).toEqual({ view: 'lab' });
    expect(routeFromHash('#/compare/colour/red/comparison/c1')).toEqual({
      view: 'lab',
      comparison: 'c1',
    });
    expect(routeFromHash('#/library/chunk/d%230')).toEqual({ view: 'library' });
    expect(routeFromHash('#/library/document/%E0%A4%A')).toEqual({ view: 'library' });
    expect(routeFromHash('#/library/document/')).toEqual({ view: 'library' });
    expect(hashOfRoute({ view: 'chat', comparison: 'c1', chunk: 'x' })).toBe('#/chat');
  });
});
