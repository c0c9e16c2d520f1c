// The stored shape of chat conversations: what was asked, what answered it (model, engine,
// sources, timings) and the exact prompt sent. Changes need a schema migration (store/schema.ts).
import type { ContextMode } from '../rag/contextModes';
import type { PreRetrievalCost } from '../rag/preRetrieval';
import type { SearchSettings } from '../library/types';
import type {
  ChatMessage as PromptMessage,
  ChatRole,
  GenerationStats,
} from '../generate/Generator';

export type { ChatRole, PromptMessage };

import type { EngineName } from '../generate/engines';

export type { EngineName };

/** A numbered source as the answer saw it: `n` is what its [n] citations point at. */
export interface ChatSource {
  n: number;
  chunkId: string;
  docId: string;
  docName: string;
  score: number;
  /** The text sent to the model (cut at a sentence boundary when it had to be shortened). */
  text: string;
  headingPath: string[];
  page?: number;
}

export interface RagInfo {
  /** Document text from the library went into the prompt (RAG or full documents). */
  on: boolean;
  /**
   * The context mode that built the prompt (rag/contextModes.ts); absent in answers saved before
   * full documents came to the chat: then `on` means RAG (contextModeOf).
   */
  mode?: ContextMode;
  sources: ChatSource[];
  /** Full documents: documents left out because the context window was full. */
  droppedDocuments?: number;
  /** RAG was on but retrieval returned nothing for the question. */
  noneFound?: boolean;
  /** Time from asking to the model's call: retrieval plus prompt building, in ms. */
  prepareMs?: number;
  /**
   * How the passages were searched (RAG): the settings in force, with the mode that actually ran
   * (keyword when no embedding model was ready). Absent in answers saved before it was recorded.
   */
  search?: SearchSettings;
  /** Multi-query / HyDE, when used: every query searched and what the extra calls cost. */
  preRetrieval?: { queries: string[]; hypothetical?: string; cost: PreRetrievalCost };
  /** What the prompt carried from earlier turns (chat/history.ts); the label is derived from it. */
  history?: HistoryRecord;
}

/** Earlier turns in an answer's prompt: what went in, what was left out and why. */
export interface HistoryRecord {
  /** Earlier turns (a question and its answer) sent with the question. */
  included: number;
  /** Turns left out because their answers came from documents (RAG off, the default rule). */
  leftOutFromDocuments: number;
  /** The oldest turns left out so the prompt fits the model's context window. */
  droppedToFit: number;
  /** The turns sent hold document text: an answer written from documents. */
  documentText: boolean;
  /** The conversation kept its full history (answers from documents too) for this question. */
  keepFull: boolean;
}

export interface ModelRef {
  /** The engine's own id of the model (GenerationStats.modelId). */
  id: string;
  engine: EngineName;
}

export interface ChatMessage {
  id: string;
  role: ChatRole;
  content: string;
  createdAt: number;
  rag?: RagInfo;
  model?: ModelRef;
  stats?: GenerationStats;
  /** The exact messages sent to the generator for this answer. */
  prompt?: PromptMessage[];
  /** The person stopped the answer; `content` is what had arrived. */
  stopped?: boolean;
  /** What went wrong, in words a person can act on (a RagtuneError's message). */
  error?: string;
  /**
   * An answer is saved as it streams ('streaming'); one still streaming when the app opens was cut
   * off by a reload or a closed tab and becomes 'interrupted' (`content` is the part that arrived).
   * Absent once the answer ended (finished, stopped or failed).
   */
  status?: AnswerStatus;
  /** A reasoning model's thinking, kept out of `content` (GenerationResult.reasoning). */
  reasoning?: string;
  /** The token limit ended the answer. */
  cutOff?: boolean;
}

export type AnswerStatus = 'streaming' | 'interrupted';

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messages: ChatMessage[];
  /** RAG-off questions also get earlier answers from documents (absent: they are left out). */
  keepFullHistory?: boolean;
}

/** A conversation without its messages, for lists. */
export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
}

/** What may change in a message after it is appended (an answer finished, stopped or failed). */
export type MessagePatch = Partial<Omit<ChatMessage, 'id' | 'role' | 'createdAt'>>;
