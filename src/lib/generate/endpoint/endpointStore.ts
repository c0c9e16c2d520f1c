// The servers the person added, kept in this browser's localStorage under "ragtune-endpoints"
// (with their API keys: nowhere else, and never in experiment files, exports or logs). A damaged
// entry is dropped, never trusted: each one is checked field by field when read.
import { parseBaseUrl } from './baseUrl';
import { readNotes } from './notes';
import type { Endpoint } from './types';

export const ENDPOINTS_KEY = 'ragtune-endpoints';
const MAX_ENDPOINTS = 50;

function valid(value: unknown): Endpoint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || !/^[a-z0-9-]{1,40}$/.test(v.id)) return undefined;
  if (typeof v.name !== 'string' || !v.name.trim() || v.name.length > 100) return undefined;
  if (typeof v.baseUrl !== 'string') return undefined;
  let baseUrl: string;
  try {
    baseUrl = parseBaseUrl(v.baseUrl);
  } catch {
    return undefined;
  }
  const apiKey = typeof v.apiKey === 'string' && v.apiKey ? { apiKey: v.apiKey } : {};
  const notes = readNotes(v.notes);
  return { id: v.id, name: v.name, baseUrl, ...apiKey, ...(notes ? { notes } : {}) };
}

export function readEndpoints(storage = globalThis.localStorage): Endpoint[] {
  try {
    const raw = JSON.parse(storage?.getItem(ENDPOINTS_KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.slice(0, MAX_ENDPOINTS).flatMap((e) => valid(e) ?? []);
  } catch {
    return [];
  }
}

export function writeEndpoints(list: readonly Endpoint[], storage = globalThis.localStorage): void {
  storage?.setItem(ENDPOINTS_KEY, JSON.stringify(list));
}

/** An id for a new endpoint from its name: lower-case words joined by "-", unique among `taken`. */
export function endpointIdFor(name: string, taken: readonly string[]): string {
  const stem =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'server';
  let id = stem;
  for (let n = 2; taken.includes(id); n++) id = `${stem}-${n}`;
  return id;
}
