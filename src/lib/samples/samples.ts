// The "try it" sample library: short documents about fictional things, written for ragtune and
// served with the app, so no model can know their facts without retrieval.
import type { IngestItem } from '../library/protocol';

const BASE = `${import.meta.env.BASE_URL}samples/`;

/** The sample library's file names (public/samples/index.json). */
export async function sampleNames(): Promise<string[]> {
  const response = await fetch(`${BASE}index.json`);
  if (!response.ok) throw new Error(`Sample index: HTTP ${response.status}`);
  return (await response.json()) as string[];
}

/** One sample, ready to ingest (e.g. the freshness demo's document on its own). */
export async function loadSampleItem(name: string): Promise<IngestItem> {
  const response = await fetch(`${BASE}${name}`);
  if (!response.ok) throw new Error(`Sample ${name}: HTTP ${response.status}`);
  return { name, bytes: await response.arrayBuffer(), source: 'file' };
}

export async function loadSampleItems(): Promise<IngestItem[]> {
  return Promise.all((await sampleNames()).map(loadSampleItem));
}
