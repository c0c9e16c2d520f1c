// The chat: conversations (saved as they change), the question being asked and the answer that
// streams back. Asking runs the RAG flow: retrieve → fit a prompt → generate → save with its facts.
import { openConversationStore, type ConversationStore } from '../chat/ConversationStore';
import { conversationToJson, conversationToMarkdown, exportFileName } from '../chat/export';
import { turnsFrom, type Turn } from '../chat/history';
import { newMessage } from '../chat/messages';
import type {
  ChatMessage,
  Conversation,
  ConversationSummary,
  ModelRef,
  PromptMessage,
  RagInfo,
} from '../chat/types';
import { isCancelled, throwIfAborted, toRagtuneError } from '../errors';
import type { LibraryState } from './LibraryState.svelte';
import type { ModelsState, ReadyGenerator } from './ModelsState.svelte';
import { batched } from './batched';
import { withBuilderPrompt } from '../generate/Generator';
import { buildPrompt } from './ragFlow';
import { DEFAULT_PRE_RETRIEVAL, type PreRetrievalOptions } from '../rag/preRetrieval';
import { DEFAULT_DECODING, clampDecoding, type DecodingSettings } from './decoding';

/** The answer under way: shown as it streams, saved when it ends. */
export interface PendingAnswer {
  conversationId: string;
  phase: 'loading' | 'retrieving' | 'generating';
  text: string;
  rag: RagInfo;
  prompt?: PromptMessage[];
  model?: ModelRef;
}

export interface ExportedFile {
  name: string;
  text: string;
  type: string;
}

export class ChatState {
  readonly #library: LibraryState;
  readonly #models: ModelsState;
  #store: ConversationStore | undefined;
  #controller: AbortController | undefined;
  conversations = $state.raw<ConversationSummary[]>([]);
  current = $state.raw<Conversation | undefined>(undefined);
  pending = $state<PendingAnswer | undefined>(undefined);
  draft = $state('');
  decoding = $state<DecodingSettings>({ ...DEFAULT_DECODING });
  /** Multi-query and HyDE: off by default, since each costs a model call before the answer. */
  preRetrieval = $state<PreRetrievalOptions>({ ...DEFAULT_PRE_RETRIEVAL });
  error = $state<string | undefined>(undefined);
  ready = $state(false);
  #ragChoice = $state<boolean | undefined>(undefined);
  /** The history option of a conversation not saved yet (it is saved with its first question). */
  #keepFullDraft = $state(false);

  constructor(library: LibraryState, models: ModelsState) {
    this.#library = library;
    this.#models = models;
  }

  /** RAG is on by default once the library holds documents; the person's choice wins. */
  get ragOn(): boolean {
    return this.#ragChoice ?? this.#library.documents.length > 0;
  }

  set ragOn(on: boolean) {
    this.#ragChoice = on;
  }

  /** The open conversation's option: RAG-off questions also get earlier answers from documents. */
  get keepFullHistory(): boolean {
    return this.current ? (this.current.keepFullHistory ?? false) : this.#keepFullDraft;
  }

  setKeepFullHistory(keep: boolean): Promise<void> {
    const current = this.current;
    if (!current) {
      this.#keepFullDraft = keep;
      return Promise.resolve();
    }
    // At once, so a question sent right after the click gets it (its save is queued first).
    const was = current.keepFullHistory;
    this.current = { ...current, keepFullHistory: keep };
    return this.#try(async () => {
      try {
        await this.#store?.setKeepFullHistory(current.id, keep);
      } catch (error) {
        if (this.current?.id === current.id)
          this.current = { ...this.current, keepFullHistory: was };
        throw error;
      }
      await this.#refresh();
    });
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /**
   * Opens the conversations. The library worker owns IndexedDB, but conversations live in their
   * own object store with this class as its single writer, so the page opens it directly for now.
   */
  async start(databaseName?: string): Promise<void> {
    try {
      this.#store = await openConversationStore(databaseName);
      await this.#refresh();
      this.ready = true;
    } catch (error) {
      this.error = toRagtuneError(error, 'storage').message;
    }
  }

  async #refresh(): Promise<void> {
    if (this.#store) this.conversations = await this.#store.list();
  }

  async #try(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.error = toRagtuneError(error, 'storage').message;
    }
  }

  /** A blank conversation; it is saved with its first question. */
  newConversation(): void {
    this.current = undefined;
    this.#keepFullDraft = false;
    this.error = undefined;
  }

  open(id: string): Promise<void> {
    return this.#try(async () => {
      this.current = await this.#store?.get(id);
      this.error = undefined;
    });
  }

  rename(id: string, title: string): Promise<void> {
    return this.#try(async () => {
      const renamed = await this.#store?.rename(id, title);
      if (renamed && this.current?.id === id) this.current = renamed;
      await this.#refresh();
    });
  }

  remove(id: string): Promise<void> {
    return this.#try(async () => {
      await this.#store?.delete(id);
      if (this.current?.id === id) this.current = undefined;
      await this.#refresh();
    });
  }

  async exportFile(id: string, format: 'md' | 'json'): Promise<ExportedFile | undefined> {
    const conversation = await this.#store?.get(id);
    if (!conversation) return undefined;
    return format === 'md'
      ? {
          name: exportFileName(conversation, 'md'),
          text: conversationToMarkdown(conversation),
          type: 'text/markdown',
        }
      : {
          name: exportFileName(conversation, 'json'),
          text: conversationToJson(conversation),
          type: 'application/json',
        };
  }

  /** Stops the answer under way (or the model load it waits for). */
  stop(): void {
    this.#controller?.abort();
    if (this.pending?.phase === 'loading') this.#models.cancelLoad();
  }

  /** Asks the draft: loads the model if needed, then retrieves, prompts, streams and saves. */
  async ask(): Promise<void> {
    const question = this.draft.trim();
    const store = this.#store;
    if (!question || this.busy || !store) return;
    const ragOn = this.ragOn;
    const controller = new AbortController();
    this.#controller = controller;
    this.error = undefined;
    this.pending = {
      conversationId: '',
      phase: 'loading',
      text: '',
      rag: { on: ragOn, sources: [] },
    };
    let generator: ReadyGenerator;
    try {
      generator = await this.#models.ensureLoaded();
      throwIfAborted(controller.signal);
    } catch (error) {
      // Nothing was asked yet: the draft stays, the reason shows beside the model.
      const e = toRagtuneError(error);
      if (!isCancelled(e) && !this.#models.error) this.error = e.message;
      this.pending = undefined;
      return;
    }
    try {
      const conversation =
        this.current ?? (await store.create(undefined, { keepFullHistory: this.#keepFullDraft }));
      const turns = turnsFrom(conversation.messages);
      const keepFullHistory = conversation.keepFullHistory ?? false;
      this.current = await store.appendMessage(conversation.id, newMessage('user', question));
      if (this.draft.trim() === question) this.draft = ''; // unless a new one is being typed
      this.pending.conversationId = conversation.id;
      void this.#refresh();
      const history = { turns, keepFullHistory };
      const answer = await this.#answer(question, history, generator, controller.signal);
      const saved = await store.appendMessage(conversation.id, answer);
      if (this.current?.id === conversation.id) this.current = saved;
      this.pending = undefined;
      await this.#refresh();
    } catch (error) {
      this.error = toRagtuneError(error, 'storage').message;
    } finally {
      this.pending = undefined;
      this.#controller = undefined;
    }
  }

  /** Runs retrieval and generation for one question; failures become part of the answer. */
  async #answer(
    question: string,
    history: { turns: Turn[]; keepFullHistory: boolean },
    { client, info }: ReadyGenerator,
    signal: AbortSignal,
  ): Promise<ChatMessage> {
    const pending = this.pending!;
    const model = (id: string): ModelRef => ({ id, engine: info.engine });
    // Re-rendering the answer for every token would load the page at 100 tokens/s: batch them.
    const stream = batched((text) => (pending.text += text));
    try {
      pending.phase = 'retrieving';
      const decoding = clampDecoding($state.snapshot(this.decoding));
      const preparing = performance.now();
      const built = await buildPrompt({
        question,
        ...history,
        ragOn: pending.rag.on,
        library: this.#library,
        generator: info,
        maxAnswerTokens: decoding.maxTokens,
        preRetrieval: $state.snapshot(this.preRetrieval),
        // Rewrites are short and greedy whatever the answer's settings.
        rewrite: async (messages) => {
          const r = await client.generate(
            { messages, temperature: 0, topP: 1, maxTokens: 96, seed: decoding.seed },
            () => {},
            signal,
          );
          return {
            text: r.text,
            promptTokens: r.stats.promptTokens,
            completionTokens: r.stats.completionTokens,
          };
        },
      });
      built.rag.prepareMs = Math.round((performance.now() - preparing) * 10) / 10;
      pending.rag = built.rag;
      pending.prompt = built.messages;
      pending.model = model(info.modelId);
      pending.phase = 'generating';
      const request = { messages: built.messages, ...decoding };
      const result = await client.generate(request, stream.push, signal);
      stream.flush();
      return newMessage('assistant', result.text, {
        rag: built.rag,
        model: model(result.stats.modelId),
        stats: withBuilderPrompt(result.stats, built.promptTokens),
        prompt: result.prompt ?? built.messages,
        ...(result.stopped ? { stopped: true } : {}),
        ...(result.reasoning ? { reasoning: result.reasoning } : {}),
        ...(result.cutOff ? { cutOff: true } : {}),
      });
    } catch (error) {
      stream.flush();
      const e = toRagtuneError(error, 'generation-failed');
      return newMessage('assistant', pending.text, {
        rag: $state.snapshot(pending.rag),
        model: model(info.modelId),
        ...(pending.prompt ? { prompt: $state.snapshot(pending.prompt) } : {}),
        ...(isCancelled(e) ? { stopped: true } : { error: e.message }),
      });
    }
  }
}
