// Fine-tune data from the library: drafts question–answer pairs per chunk with a model, keeps them
// for review, splits them by chunk into training files (with their SHA-256) and a held-out question
// set, and sets up the "Your fine-tune vs RAG vs both" arms over that set.
import { isCancelled, toRagtuneError } from '../errors';
import { documentNames, draftPairs, pickChunks, type FinetuneDraft } from '../finetune/draft';
import { heldOutSet, prepareTrainingData, type PreparedData } from '../finetune/prepare';
import { presetArms } from '../finetune/verdict';
import type { ArmModel } from '../lab/types';
import type { QuestionSetState } from './QuestionSetState.svelte';
import type { GenerationSettings } from './GenerationSettings.svelte';
import type { LabState } from './LabState.svelte';
import type { LibraryState } from './LibraryState.svelte';

export class FinetuneState {
  readonly #library: LibraryState;
  readonly #lab: LabState;
  readonly #generation: GenerationSettings;
  readonly #questionSets: QuestionSetState;
  #controller: AbortController | undefined;
  drafts = $state<FinetuneDraft[]>([]);
  drafting = $state<{ done: number; total: number } | undefined>(undefined);
  prepared = $state.raw<PreparedData | undefined>(undefined);
  error = $state<string | undefined>(undefined);

  constructor(
    library: LibraryState,
    lab: LabState,
    generation: GenerationSettings,
    questionSets: QuestionSetState,
  ) {
    this.#library = library;
    this.#lab = lab;
    this.#generation = generation;
    this.#questionSets = questionSets;
  }

  /** Drafts `perChunk` pairs from each of up to `chunks` chunks with `model`, for review. */
  async draft(model: ArmModel, chunks: number, perChunk: number): Promise<void> {
    if (this.drafting || this.#questionSets.running) return;
    this.error = undefined;
    this.prepared = undefined;
    const controller = new AbortController();
    this.#controller = controller;
    this.drafting = { done: 0, total: chunks * perChunk };
    try {
      const views = await Promise.all(
        this.#library.documents.map((d) => this.#library.getDocument(d.id)),
      );
      const documents = views.flatMap((v) => (v ? [{ name: v.meta.name, chunks: v.chunks }] : []));
      const picked = pickChunks(documents, chunks);
      if (picked.length === 0)
        throw toRagtuneError('The library is empty: add documents first.', 'empty');
      this.drafting = { done: 0, total: picked.length * perChunk };
      const names = documentNames(views.flatMap((v) => (v ? [v] : [])));
      const { ready } = await this.#lab.pool.acquire(model, () => {});
      this.drafts = await draftPairs(picked, names, ready, {
        perChunk,
        seed: this.#generation.decoding.seed,
        signal: controller.signal,
        onDraft: (done, total) => (this.drafting = { done, total }),
      });
    } catch (error) {
      const e = toRagtuneError(error, 'generation-failed');
      if (!isCancelled(e)) this.error = e.message;
    } finally {
      this.drafting = undefined;
      this.#controller = undefined;
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }

  /** A pair was edited: files prepared before no longer match the pairs. */
  edited(): void {
    this.prepared = undefined;
  }

  drop(index: number): void {
    this.drafts.splice(index, 1);
    this.prepared = undefined;
  }

  /** The reviewed drafts, deduplicated and split by chunk, as files with their hashes. */
  async prepare(testPercent: number, seed: number): Promise<void> {
    this.error = undefined;
    try {
      const pairs = $state.snapshot(this.drafts).map(({ parsed: _parsed, ...pair }) => pair);
      this.prepared = await prepareTrainingData(pairs, { testShare: testPercent / 100, seed });
    } catch (error) {
      this.prepared = undefined;
      this.error =
        error instanceof RangeError
          ? error.message
          : toRagtuneError(error, 'invalid-dataset').message;
    }
  }

  /** The held-out split (with `trained` training questions) becomes the lab's question set. */
  useHeldOut(trained: number): void {
    if (!this.prepared) return;
    this.#questionSets.set = heldOutSet(this.prepared, trained);
    this.#questionSets.setDocuments = [];
    this.#questionSets.setNotes = [];
  }

  /** {base, your fine-tune} × {no documents, RAG} over the held-out set, recorded with the set. */
  applyPreset(base: ArmModel, tuned: ArmModel): void {
    const set = this.#questionSets.set;
    if (!set?.finetune) return;
    this.#lab.setArms(presetArms(base, tuned));
    this.#questionSets.set = {
      ...set,
      finetune: {
        ...set.finetune,
        models: {
          base: { engine: base.engine, id: base.id },
          tuned: { engine: tuned.engine, id: tuned.id },
        },
      },
    };
  }
}
