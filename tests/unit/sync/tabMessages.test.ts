// What another tab may send: well-formed messages pass, anything else is dropped before it acts.
import { describe, expect, it } from 'vitest';
import {
  isEmptyChange,
  parseTabEnvelope,
  parseTabMessage,
  TAB_MESSAGE_KINDS,
} from '../../../src/lib/sync/tabMessages';

describe('parseTabMessage', () => {
  it('accepts every kind the app sends', () => {
    for (const kind of TAB_MESSAGE_KINDS) {
      const data =
        kind === 'documents-changed'
          ? { kind, added: ['a'], deleted: [], edited: ['b'] }
          : { kind };
      expect(parseTabMessage(data)).toEqual(data);
    }
  });

  it('keeps only the fields of the message, copying the id lists', () => {
    const added = ['doc-1'];
    const parsed = parseTabMessage({
      kind: 'documents-changed',
      added,
      deleted: [],
      edited: [],
      extra: '<script>',
    });
    expect(parsed).toEqual({
      kind: 'documents-changed',
      added: ['doc-1'],
      deleted: [],
      edited: [],
    });
    added.push('later');
    expect(parsed).toMatchObject({ added: ['doc-1'] });
    expect(parseTabMessage({ kind: 'settings-changed', patch: { x: 1 } })).toEqual({
      kind: 'settings-changed',
    });
  });

  it.each([
    ['null', null],
    ['a string', 'documents-changed'],
    ['no kind', { added: [] }],
    ['an unknown kind', { kind: 'drop-database' }],
    ['a kind of the wrong type', { kind: 7 }],
    ['missing id lists', { kind: 'documents-changed', added: [] }],
    [
      'ids that are not strings',
      { kind: 'documents-changed', added: [1], deleted: [], edited: [] },
    ],
    ['an empty id', { kind: 'documents-changed', added: [''], deleted: [], edited: [] }],
    [
      'an id list that is an object',
      { kind: 'documents-changed', added: {}, deleted: [], edited: [] },
    ],
  ])('refuses %s', (_, data) => {
    expect(parseTabMessage(data)).toBeUndefined();
  });
});

describe('parseTabEnvelope', () => {
  it('needs the sender id beside a valid message', () => {
    expect(parseTabEnvelope({ kind: 'conversations-changed', from: 'tab-1' })).toEqual({
      from: 'tab-1',
      message: { kind: 'conversations-changed' },
    });
    expect(parseTabEnvelope({ kind: 'conversations-changed' })).toBeUndefined();
    expect(parseTabEnvelope({ kind: 'conversations-changed', from: '' })).toBeUndefined();
    expect(parseTabEnvelope({ kind: 'conversations-changed', from: 3 })).toBeUndefined();
    expect(parseTabEnvelope({ kind: 'nope', from: 'tab-1' })).toBeUndefined();
  });
});

it('isEmptyChange is true only when no id is named', () => {
  expect(isEmptyChange({ added: [], deleted: [], edited: [] })).toBe(true);
  expect(isEmptyChange({ added: [], deleted: ['x'], edited: [] })).toBe(false);
});
