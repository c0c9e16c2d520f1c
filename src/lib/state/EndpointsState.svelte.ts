// The OpenAI-compatible servers the person added: the list (kept in this browser, see
// endpointStore), what each one's GET /models said (bases with their LoRA adapters), adding one
// (checked by asking for its models first: nothing half-saved), refresh and removal. A server named
// by the page address (?endpoint=) joins for this visit only.
import { toRagtuneError } from '../errors';
import { parseBaseUrl } from '../generate/endpoint/baseUrl';
import { discoverModels } from '../generate/endpoint/discover';
import { endpointIdFor, readEndpoints, writeEndpoints } from '../generate/endpoint/endpointStore';
import { cleanNote } from '../generate/endpoint/notes';
import type { DiscoveredModels, Endpoint, ModelNote } from '../generate/endpoint/types';

export interface EndpointView {
  endpoint: Endpoint;
  status: 'loading' | 'ready' | 'error';
  found?: DiscoveredModels;
  error?: string;
  /** Named by the page address: not kept after this visit. */
  visitOnly?: boolean;
}

/** The id of the server the page address names. */
export const ADDRESS_ENDPOINT = 'address';

/** "localhost:8000" for a base URL (a name for a server the person did not name). */
const hostOf = (baseUrl: string): string => baseUrl.replace(/^https?:\/\//, '').split('/')[0]!;

export class EndpointsState {
  list = $state.raw<EndpointView[]>([]);
  adding = $state(false);
  addError = $state<string | undefined>(undefined);
  #controller: AbortController | undefined;

  constructor(fromAddress?: string) {
    const views: EndpointView[] = readEndpoints().map((endpoint) => ({
      endpoint,
      status: 'loading',
    }));
    if (fromAddress) {
      try {
        const baseUrl = parseBaseUrl(fromAddress);
        views.unshift({
          endpoint: { id: ADDRESS_ENDPOINT, name: hostOf(baseUrl), baseUrl },
          status: 'loading',
          visitOnly: true,
        });
      } catch (error) {
        this.addError = toRagtuneError(error).message;
      }
    }
    this.list = views;
  }

  /** Asks every server for its models (on start, and when the person refreshes). */
  start(): Promise<void> {
    return Promise.all(this.list.map((v) => this.refresh(v.endpoint.id))).then(() => undefined);
  }

  find(id: string): Endpoint | undefined {
    return this.list.find((v) => v.endpoint.id === id)?.endpoint;
  }

  #set(id: string, patch: Partial<EndpointView>): void {
    this.list = this.list.map((v) => (v.endpoint.id === id ? { ...v, ...patch } : v));
  }

  async refresh(id: string): Promise<void> {
    const endpoint = this.find(id);
    if (!endpoint) return;
    this.#set(id, { status: 'loading', error: undefined });
    try {
      const found = await discoverModels(endpoint);
      this.#set(id, { status: 'ready', found, error: undefined });
    } catch (error) {
      this.#set(id, { status: 'error', error: toRagtuneError(error).message });
    }
  }

  /** Adds a server once it answered GET /models; false (with addError) when it did not. */
  async add(input: { url: string; name?: string; apiKey?: string }): Promise<boolean> {
    this.cancel();
    const controller = (this.#controller = new AbortController());
    this.adding = true;
    this.addError = undefined;
    try {
      const baseUrl = parseBaseUrl(input.url);
      const name = input.name?.trim() || hostOf(baseUrl);
      const apiKey = input.apiKey?.trim();
      const id = endpointIdFor(
        name,
        this.list.map((v) => v.endpoint.id),
      );
      const endpoint: Endpoint = { id, name, baseUrl, ...(apiKey ? { apiKey } : {}) };
      const found = await discoverModels(endpoint, { signal: controller.signal });
      this.list = [...this.list, { endpoint, status: 'ready', found }];
      this.#save();
      return true;
    } catch (error) {
      if (!controller.signal.aborted) this.addError = toRagtuneError(error).message;
      return false;
    } finally {
      if (this.#controller === controller) {
        this.#controller = undefined;
        this.adding = false;
      }
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }

  /** Keeps the person's note on one of a server's models (an empty note is dropped). */
  setNote(id: string, modelId: string, note: ModelNote): void {
    const endpoint = this.find(id);
    if (!endpoint) return;
    const { [modelId]: _old, ...others } = endpoint.notes ?? {};
    const clean = cleanNote(note);
    const notes = clean ? { ...others, [modelId]: clean } : others;
    const { notes: _before, ...rest } = endpoint;
    const next: Endpoint = Object.keys(notes).length > 0 ? { ...rest, notes } : rest;
    this.list = this.list.map((v) => (v.endpoint.id === id ? { ...v, endpoint: next } : v));
    this.#save();
  }

  remove(id: string): void {
    this.list = this.list.filter((v) => v.endpoint.id !== id);
    this.#save();
  }

  #save(): void {
    writeEndpoints(this.list.filter((v) => !v.visitOnly).map((v) => v.endpoint));
  }
}
