// Settings read back from storage are checked, not trusted: a value of the wrong type or out of
// its range (an old build, a hand edit, a damaged store) falls back to its default with a note.
import { CHUNKING_RANGES, SEARCH_RANGES, describeRange, inRange } from '../settings/ranges';
import type { NumberRange } from '../settings/ranges';
import { VECTOR_INDEX_KINDS } from '../search/vectorIndexKinds';
import type { LibrarySettings } from './protocol';
import { DEFAULT_SETTINGS, mergeSettings } from './settings';

const SEARCH_MODES = ['keyword', 'vector', 'hybrid'] as const;

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Fields)
    : {};
}

class Restorer {
  readonly notes: string[] = [];

  number(value: unknown, r: NumberRange, fallback: number): number {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && inRange(value, r)) return value;
    this.notes.push(
      `The saved ${r.label} (${String(value)}) was not ${describeRange(r)}: using the default, ` +
        `${fallback}.`,
    );
    return fallback;
  }

  choice<T>(value: unknown, choices: readonly T[], fallback: T, label: string): T {
    if (value === undefined) return fallback;
    if (choices.includes(value as T)) return value as T;
    this.notes.push(`The saved ${label} (${String(value)}) is unknown: using ${String(fallback)}.`);
    return fallback;
  }

  text(value: unknown, fallback: string): string {
    return typeof value === 'string' && value.trim() !== '' ? value : fallback;
  }
}

/** The settings stored in the library, checked field by field, and notes on what was reset. */
export function restoreSettings(saved: unknown): { settings: LibrarySettings; notes: string[] } {
  const d = DEFAULT_SETTINGS;
  const r = new Restorer();
  const s = fields(saved);
  const chunking = fields(s.chunking);
  const search = fields(s.search);
  const custom = s.customModelId;
  const restored: LibrarySettings = {
    chunking: {
      maxTokens: r.number(chunking.maxTokens, CHUNKING_RANGES.maxTokens, d.chunking.maxTokens),
      overlapTokens: r.number(
        chunking.overlapTokens,
        CHUNKING_RANGES.overlapTokens,
        d.chunking.overlapTokens,
      ),
    },
    search: {
      mode: r.choice(search.mode, SEARCH_MODES, d.search.mode, 'search mode'),
      topK: r.number(search.topK, SEARCH_RANGES.topK, d.search.topK),
      threshold: r.number(search.threshold, SEARCH_RANGES.threshold, d.search.threshold),
      rerank: r.choice(search.rerank, [true, false], d.search.rerank, 'rerank choice'),
    },
    modelId: r.text(s.modelId, d.modelId),
    modelHost: r.text(s.modelHost, d.modelHost),
    rerankerId: r.text(s.rerankerId, d.rerankerId),
    vectorIndex: r.choice(s.vectorIndex, VECTOR_INDEX_KINDS, d.vectorIndex, 'vector index'),
    ...(typeof custom === 'string' && custom !== '' ? { customModelId: custom } : {}),
  };
  return { settings: mergeSettings(d, restored), notes: r.notes };
}
