// Whether two chunking settings cut a text alike (every field of ChunkingSettings compared).
import type { ChunkingSettings } from '../ingest/types';

const FIELDS = {
  maxTokens: true,
  overlapTokens: true,
} as const satisfies Record<keyof ChunkingSettings, true>;

export function sameChunking(a: ChunkingSettings, b: ChunkingSettings): boolean {
  return (Object.keys(FIELDS) as (keyof ChunkingSettings)[]).every((key) => a[key] === b[key]);
}
