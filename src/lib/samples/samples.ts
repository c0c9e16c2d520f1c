// The "try it" sample library: short documents about fictional things, written for ragtune and
// served with the app, so no model can know their facts without retrieval.
import type { IngestItem } from '../library/protocol';

const BASE = `${import.meta.env.BASE_URL}samples/`;

export async function loadSampleItems(): Promise<IngestItem[]> {
  const names = (await (await fetch(`${BASE}index.json`)).json()) as string[];
  return Promise.all(
    names.map(async (name) => {
      const response = await fetch(`${BASE}${name}`);
      if (!response.ok) throw new Error(`Sample ${name}: HTTP ${response.status}`);
      return { name, bytes: await response.arrayBuffer(), source: 'file' as const };
    }),
  );
}
