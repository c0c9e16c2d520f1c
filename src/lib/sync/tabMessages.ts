// The messages tabs on one library send each other after a write commits, and their validation:
// a message from another tab (or an older build of the app) is checked before anything acts on it.

/** The ids of documents a write added, deleted or changed (renamed, edited, re-embedded). */
export interface DocumentsChange {
  added: string[];
  deleted: string[];
  edited: string[];
}

export type TabMessage =
  | ({ kind: 'documents-changed' } & DocumentsChange)
  | { kind: 'settings-changed' }
  | { kind: 'conversations-changed' }
  | { kind: 'comparisons-changed' }
  | { kind: 'experiments-changed' }
  | { kind: 'custom-models-changed' };

export type TabMessageKind = TabMessage['kind'];

/** Every kind, so a receiver can ask "is this one of ours" without a cast. */
export const TAB_MESSAGE_KINDS = [
  'documents-changed',
  'settings-changed',
  'conversations-changed',
  'comparisons-changed',
  'experiments-changed',
  'custom-models-changed',
] as const satisfies readonly TabMessageKind[];

/** More ids than this in one message is not something the app sends: refuse it. */
const MAX_IDS = 100_000;

const isKind = (value: unknown): value is TabMessageKind =>
  (TAB_MESSAGE_KINDS as readonly unknown[]).includes(value);

function idList(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_IDS) return undefined;
  const ok = value.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 200);
  return ok ? (value as string[]) : undefined;
}

/** The message if `data` is a well-formed one, else undefined (ignored by the receiver). */
export function parseTabMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== 'object' || data === null || !('kind' in data)) return undefined;
  const { kind } = data;
  if (!isKind(kind)) return undefined;
  if (kind !== 'documents-changed') return { kind };
  const record = data as Record<string, unknown>;
  const added = idList(record.added);
  const deleted = idList(record.deleted);
  const edited = idList(record.edited);
  if (!added || !deleted || !edited) return undefined;
  return { kind, added: [...added], deleted: [...deleted], edited: [...edited] };
}

/** A message as it crosses the channel: with the id of the tab (or worker) that sent it. */
export interface TabEnvelope {
  from: string;
  message: TabMessage;
}

/** The envelope if `data` is a well-formed one, else undefined. */
export function parseTabEnvelope(data: unknown): TabEnvelope | undefined {
  if (typeof data !== 'object' || data === null || !('from' in data)) return undefined;
  const { from } = data;
  if (typeof from !== 'string' || from.length === 0 || from.length > 100) return undefined;
  const message = parseTabMessage(data);
  return message ? { from, message } : undefined;
}

/** True when a change names no document (nothing to announce). */
export const isEmptyChange = (c: DocumentsChange): boolean =>
  c.added.length + c.deleted.length + c.edited.length === 0;
