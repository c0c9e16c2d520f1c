// The chat: conversations (saved as they change), the question being asked and the answer that
// streams back. Asking runs the RAG flow: retrieve → fit a prompt → generate → save with its facts.
// Over 300 lines: conversations, their saving and the one answer flow (ask, retry, resume) share the
// streaming answer's state.
import { openConversationStore, type ConversationStore } from '../chat/ConversationStore';
import { conversationToJson, conversationToMarkdown, exportFileName } from '../chat/export';
import { turnsFrom, type Turn } from '../chat/history';
import { answerLockName, questionBefore } from '../chat/interrupted';
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
import { findModel } from '../generate/modelMenu';
import { throttledSave, type ThrottledSave } from './throttledSave';
import { holdLock, heldLocks } from './workLock';
import { withBuilderPrompt } from '../generate/Generator';
import { partialAnswerOf } from '../generate/partialAnswer';
import { buildPrompt, type ContextLibrary } from '../rag/buildPrompt';
import { DEFAULT_SETTINGS } from '../library/settings';
import type { SearchMode, SearchSettings } from '../library/types';
import { CONTEXT_MODE_ENTRIES, type ContextMode } from '../rag/contextModes';
import { loadFullDocuments } from '../rag/fullDocuments';
import { rewriteCall } from '../rag/rewriteCall';
import { contextModeOf } from '../chat/ragLabel';
import { DEFAULT_PRE_RETRIEVAL, type PreRetrievalOptions } from '../rag/preRetrieval';
import type { GenerationSettings } from './GenerationSettings.svelte';

/** The answer under way: shown as it streams, saved when it ends. */
export interface PendingAnswer {
  conversationId: string;
  phase: 'loading' | 'retrieving' | 'generating';
  /** The saved message this answer streams into (status 'streaming' until it ends). */
  messageId?: string;
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
  readonly #generation: GenerationSettings;
  #store: ConversationStore | undefined;
  #controller: AbortController | undefined;
  conversations = $state.raw<ConversationSummary[]>([]);
  current = $state.raw<Conversation | undefined>(undefined);
  pending = $state<PendingAnswer | undefined>(undefined);
  draft = $state('');
  /** Multi-query and HyDE: off by default, since each costs a model call before the answer. */
  preRetrieval = $state<PreRetrievalOptions>({ ...DEFAULT_PRE_RETRIEVAL });
  error = $state<string | undefined>(undefined);
  ready = $state(false);
  #ragChoice = $state<boolean | undefined>(undefined);
  /** With documents on, how they are given: the best passages (RAG) or whole documents. */
  documentsMode = $state<Exclude<ContextMode, 'none'>>('rag');
  /** The history option of a conversation not saved yet (it is saved with its first question). */
  #keepFullDraft = $state(false);

  constructor(library: LibraryState, models: ModelsState, generation: GenerationSettings) {
    this.#library = library;
    this.#models = models;
    this.#generation = generation;
  }

  /** Documents go into the next question: on by default once the library holds documents. */
  get ragOn(): boolean {
    return this.#ragChoice ?? this.#library.documents.length > 0;
  }

  set ragOn(on: boolean) {
    this.#ragChoice = on;
  }

  /** What the next question is given: no documents, the best passages, or whole documents. */
  get contextMode(): ContextMode {
    return this.ragOn ? this.documentsMode : 'none';
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
   * own object store with this class as its single writer, so the page opens that store directly.
   */
  async start(databaseName?: string): Promise<void> {
    try {
      this.#store = await openConversationStore(databaseName);
      await this.#settle();
      await this.#refresh();
      this.ready = true;
    } catch (error) {
      this.error = toRagtuneError(error, 'storage').message;
    }
  }

  /** Answers another tab is still writing hold a lock; the others were cut off by a reload. */
  async #settle(): Promise<void> {
    if (!this.#store) return;
    const live = await heldLocks();
    await this.#store.settleInterrupted((id) => live.has(answerLockName(id)));
  }

  async #refresh(): Promise<void> {
    if (this.#store) this.conversations = await this.#store.list();
  }

  /** Another tab changed the conversations: list them again; the open one follows unless busy. */
  followOtherTab(): Promise<void> {
    return this.#try(async () => {
      await this.#refresh();
      const open = this.current;
      if (!open || this.busy) return;
      const listed = this.conversations.find((c) => c.id === open.id);
      if (!listed) this.current = undefined;
      else if (listed.updatedAt !== open.updatedAt) this.current = await this.#store?.get(open.id);
    });
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
      await this.#settle(); // a tab that was writing one of its answers may have closed since
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
  ask(): Promise<void> {
    return this.#converse(this.draft.trim(), this.contextMode);
  }

  /**
   * Asks an interrupted answer's question again, with its RAG mode and model; the new answer
   * takes the interrupted one's place.
   */
  retry(answerId: string): Promise<void> {
    const messages = this.current?.messages ?? [];
    const answer = messages.find((m) => m.id === answerId);
    const question = questionBefore(messages, answerId);
    if (answer?.status !== 'interrupted' || !question || this.busy) return Promise.resolve();
    const model = answer.model;
    const selected = this.#models.selected;
    if (model && (model.id !== selected.id || model.engine !== selected.engine)) {
      if (findModel(this.#models.families, model)) this.#models.select(model);
    }
    const mode = answer.rag ? contextModeOf(answer.rag) : this.contextMode;
    return this.#converse(question.content, mode, answer);
  }

  async #converse(question: string, mode: ContextMode, retried?: ChatMessage): Promise<void> {
    const store = this.#store;
    if (!question || this.busy || !store) return;
    // A bad setting is named, never sent: the engines get only values they accept.
    const invalid = this.#generation.error;
    if (invalid) {
      this.error = invalid;
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.error = undefined;
    this.pending = {
      conversationId: '',
      phase: 'loading',
      text: '',
      rag: startingRag(mode),
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
    let release = () => {};
    try {
      let conversation =
        this.current ?? (await store.create(undefined, { keepFullHistory: this.#keepFullDraft }));
      const keepFullHistory = conversation.keepFullHistory ?? false;
      // The answer is saved from its first word, so a reload or a closed tab keeps what arrived.
      const streaming = newMessage('assistant', '', {
        ...(retried ? { id: retried.id } : {}),
        status: 'streaming',
        rag: startingRag(mode),
      });
      release = holdLock(answerLockName(streaming.id));
      let turns: Turn[];
      if (retried) {
        const { messages } = conversation;
        const asked = questionBefore(messages, retried.id);
        const at = asked ? messages.indexOf(asked) : messages.findIndex((m) => m.id === retried.id);
        turns = turnsFrom(messages.slice(0, Math.max(0, at)));
        conversation = await store.putMessage(conversation.id, streaming);
      } else {
        turns = turnsFrom(conversation.messages);
        await store.appendMessage(conversation.id, newMessage('user', question));
        if (this.draft.trim() === question) this.draft = ''; // unless a new one is being typed
        conversation = await store.appendMessage(conversation.id, streaming);
      }
      this.current = conversation;
      this.pending.conversationId = conversation.id;
      this.pending.messageId = streaming.id;
      void this.#refresh();
      const history = { turns, keepFullHistory };
      const saver = this.#partialSaver(store, conversation.id, streaming);
      const answer = await this.#answer(question, history, generator, controller.signal, saver);
      await saver.stop();
      const saved = await store.putMessage(conversation.id, {
        ...answer,
        id: streaming.id,
        createdAt: streaming.createdAt,
      });
      if (this.current?.id === conversation.id) this.current = saved;
      this.pending = undefined;
      await this.#refresh();
    } catch (error) {
      this.error = toRagtuneError(error, 'storage').message;
    } finally {
      release();
      this.pending = undefined;
      this.#controller = undefined;
    }
  }

  /** Saves the answer under way as it grows (its text, and its sources and prompt once known). */
  #partialSaver(store: ConversationStore, conversationId: string, streaming: ChatMessage) {
    return throttledSave(() => {
      const p = this.pending;
      if (!p || p.messageId !== streaming.id) return Promise.resolve();
      return store.putMessage(conversationId, {
        ...streaming,
        content: p.text,
        rag: $state.snapshot(p.rag),
        ...(p.prompt ? { prompt: $state.snapshot(p.prompt) } : {}),
        ...(p.model ? { model: $state.snapshot(p.model) } : {}),
      });
    });
  }

  /**
   * The library as the prompt builder reads it: its search (with `search`, the settings the
   * answer records) and whole documents; `ran` is told the search mode each search actually ran.
   */
  #contextLibrary(search: SearchSettings, ran: (mode: SearchMode) => void): ContextLibrary {
    const library = this.#library;
    return {
      search: async (query) => {
        const response = await library.client.search(query, search);
        ran(response.mode);
        return response;
      },
      topK: search.topK,
      documents: (hits) =>
        loadFullDocuments(library.documents, hits, (id) => library.client.getDocument(id)),
    };
  }

  /** Runs retrieval and generation for one question; failures become part of the answer. */
  async #answer(
    question: string,
    history: { turns: Turn[]; keepFullHistory: boolean },
    { client, info }: ReadyGenerator,
    signal: AbortSignal,
    saver: ThrottledSave,
  ): Promise<ChatMessage> {
    const pending = this.pending!;
    const model = (id: string): ModelRef => ({ id, engine: info.engine });
    // Re-rendering the answer for every token would load the page at 100 tokens/s: batch them.
    const stream = batched((text) => {
      pending.text += text;
      saver.touch();
    });
    let promptTokens = 0;
    try {
      pending.phase = 'retrieving';
      const decoding = this.#generation.snapshot();
      const preparing = performance.now();
      const mode = contextModeOf(pending.rag);
      // Read once: the search runs with the settings the answer records.
      const settings = $state.snapshot(this.#library.settings?.search ?? DEFAULT_SETTINGS.search);
      let ranMode: SearchMode | undefined;
      const built = await buildPrompt({
        question,
        mode,
        ...history,
        library: this.#contextLibrary(settings, (m) => (ranMode = m)),
        contextWindow: info.contextWindow,
        countTokens: info.countTokens,
        maxAnswerTokens: decoding.maxTokens,
        preRetrieval: {
          options: $state.snapshot(this.preRetrieval),
          generate: rewriteCall(client, decoding.seed, signal),
        },
      });
      promptTokens = built.promptTokens;
      const rag: RagInfo = {
        ...startingRag(mode),
        sources: built.sources,
        ...(built.noneFound ? { noneFound: true } : {}),
        ...(built.droppedDocuments ? { droppedDocuments: built.droppedDocuments } : {}),
        ...(built.preRetrieval ? { preRetrieval: built.preRetrieval } : {}),
        history: built.history,
        prepareMs: Math.round((performance.now() - preparing) * 10) / 10,
        // The passages' search, as it ran (full documents only use a search to order them).
        ...(mode === 'rag' && ranMode ? { search: { ...settings, mode: ranMode } } : {}),
      };
      pending.rag = rag;
      pending.prompt = built.messages;
      pending.model = model(info.modelId);
      pending.phase = 'generating';
      const request = { messages: built.messages, ...decoding };
      const result = await client.generate(request, stream.push, signal);
      stream.flush();
      return newMessage('assistant', result.text, {
        rag,
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
      // A failure mid-answer keeps the figures of the part that arrived, and who sent it.
      const partial = partialAnswerOf(error);
      return newMessage('assistant', pending.text, {
        rag: $state.snapshot(pending.rag),
        model: model(partial?.stats.modelId ?? info.modelId),
        ...(partial ? { stats: withBuilderPrompt(partial.stats, promptTokens) } : {}),
        ...(pending.prompt ? { prompt: $state.snapshot(pending.prompt) } : {}),
        ...(isCancelled(e) ? { stopped: true } : { error: e.message }),
      });
    }
  }
}

/** An answer's RAG record before its prompt is built: its mode, no sources yet. */
function startingRag(mode: ContextMode): RagInfo {
  return { on: CONTEXT_MODE_ENTRIES[mode].documentsInPrompt, mode, sources: [] };
}
