// The retrieval playground's state: the query, its settings and the ranked hits. A search re-runs
// when the query, a setting or the library changes; stale answers never overwrite newer ones.
import type { LibraryClient } from '../library/libraryClient';
import type { SearchResponse } from '../library/protocol';
import type { SearchSettings } from '../library/types';
import { toRagtuneError } from '../errors';
import { TOP_K_RULE } from '../forms/fieldRules';
import { numberProblem } from '../forms/numberRule';

export class SearchState {
  #client: LibraryClient;
  #seq = 0;
  query = $state('');
  settings = $state<SearchSettings>({ mode: 'hybrid', topK: 5, threshold: 0, rerank: false });
  response = $state.raw<SearchResponse | undefined>(undefined);
  /** The query `response` answers (the box may already hold a newer one). */
  answered = $state('');
  running = $state(false);
  error = $state<string | undefined>(undefined);

  constructor(client: LibraryClient) {
    this.#client = client;
  }

  async run(): Promise<void> {
    const query = this.query.trim();
    const seq = ++this.#seq;
    if (!query) {
      this.response = undefined;
      this.error = undefined;
      return;
    }
    // A bad k is named beside its field; the last good ranking stays until it is fixed.
    if (numberProblem(this.settings.topK, TOP_K_RULE)) return;
    this.running = true;
    try {
      const response = await this.#client.search(query, $state.snapshot(this.settings));
      if (seq === this.#seq) {
        this.response = response;
        this.answered = query;
        this.error = undefined;
      }
    } catch (error) {
      if (seq === this.#seq) this.error = toRagtuneError(error).message;
    } finally {
      if (seq === this.#seq) this.running = false;
    }
  }
}
