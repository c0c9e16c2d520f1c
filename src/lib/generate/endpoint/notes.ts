// The person's notes on a server's models (types.ts ModelNote): read back from storage field by
// field, and applied to what GET /models listed. A noted base counts only where the server named
// no parent, only for a listed model that is itself a base (one level: no chains, no cycles), and
// never for the model itself; anything else is ignored rather than trusted.
import type { EndpointModel, ModelNote } from './types';

/** The longest note kept, in characters. */
export const MAX_NOTE_CHARS = 200;
const MAX_NOTES = 500;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, MAX_NOTE_CHARS) : undefined;

/** The notes of a stored endpoint, each checked; undefined when none survive. */
export function readNotes(value: unknown): Record<string, ModelNote> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const notes: Record<string, ModelNote> = {};
  for (const [id, raw] of Object.entries(value).slice(0, MAX_NOTES)) {
    if (!text(id) || typeof raw !== 'object' || raw === null) continue;
    const note = cleanNote(raw as Record<string, unknown>);
    if (note) notes[id] = note;
  }
  return Object.keys(notes).length > 0 ? notes : undefined;
}

/** A note with its empty fields dropped; undefined when nothing is left. */
export function cleanNote(raw: { base?: unknown; tunedFor?: unknown }): ModelNote | undefined {
  const base = text(raw.base);
  const tunedFor = text(raw.tunedFor);
  if (!base && !tunedFor) return undefined;
  return { ...(base ? { base } : {}), ...(tunedFor ? { tunedFor } : {}) };
}

/** The bases `modelId` may be noted as fine-tuned from: listed models that are bases themselves. */
export function baseChoices(
  models: readonly EndpointModel[],
  notes: Readonly<Record<string, ModelNote>> | undefined,
  modelId: string,
): string[] {
  const hasChildren = models.some((m) => (m.parent ?? notes?.[m.id]?.base) === modelId);
  if (hasChildren) return [];
  return models
    .filter((m) => m.id !== modelId && !m.parent && !notes?.[m.id]?.base)
    .map((m) => m.id);
}

/** The models with the person's noted bases applied where they hold. */
export function withNotes(
  models: readonly EndpointModel[],
  notes: Readonly<Record<string, ModelNote>> | undefined,
): EndpointModel[] {
  if (!notes) return [...models];
  const byId = new Map(models.map((m) => [m.id, m]));
  const noted = (m: EndpointModel): string | undefined => {
    const base = notes[m.id]?.base;
    if (m.parent || !base || base === m.id) return undefined;
    const target = byId.get(base);
    // The base must be listed and a base itself (no server parent, no note of its own).
    if (!target || target.parent || notes[target.id]?.base) return undefined;
    return base;
  };
  return models.map((m) => {
    const parent = noted(m);
    return parent ? { ...m, parent, parentNoted: true } : m;
  });
}
