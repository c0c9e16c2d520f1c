// The comparison lab's data: arms (a model × a context mode), the answers they give, comparisons
// of one question across arms, and experiments that run arms over a question set. Stored in
// IndexedDB (store/schema.ts): changing a stored shape needs a migration.
import type { ChatSource, EngineName, PromptMessage } from '../chat/types';
import type { GenerationStats } from '../generate/Generator';
import type { SearchMode, SearchSettings } from '../library/types';
import type { ChunkingSettings } from '../ingest/types';
import type { SearchHit } from '../search/searchHit';
import type { DecodingSettings } from '../generate/decoding';
import type { FinetuneSetRecord } from '../finetune/types';
import {
  CONTEXT_MODE_ENTRIES,
  type ContextMode,
  type PreRetrievalChoice,
} from '../rag/contextModes';
import type { PreRetrievalCost } from '../rag/preRetrieval';

export type { ContextMode, PreRetrievalChoice };

/** A model the person picked, by engine and the id they picked it by. */
export interface ArmModel {
  engine: EngineName;
  id: string;
  /** The menu's name for it, for labels ("Qwen2.5 0.5B Instruct"). */
  name?: string;
}

/** One column of a comparison: a model and what it is given. */
export interface Arm {
  model: ArmModel;
  context: ContextMode;
  /**
   * Multi-query / HyDE before this arm's search (RAG only): the arm then retrieves for itself
   * (HyDE with its own model) beside the question's shared search. Absent: neither.
   */
  preRetrieval?: PreRetrievalChoice;
}

/** Multi-query or HyDE is on for this arm (and its mode allows them). */
export function usesPreRetrieval(arm: Arm): boolean {
  return (
    CONTEXT_MODE_ENTRIES[arm.context].allowsPreRetrieval &&
    !!(arm.preRetrieval?.multiQuery || arm.preRetrieval?.hyde)
  );
}

/**
 * Stable key of an arm: the same model and mode get the same key in every comparison (an arm
 * without pre-retrieval keeps the key it had before pre-retrieval existed).
 */
export function armKey(arm: Arm): string {
  return `${arm.model.engine}:${arm.model.id}|${arm.context}${preRetrievalSuffix(arm)}`;
}

/** The searches an arm makes before retrieving, as a key's suffix ("+multi-query+hyde"), or "". */
export function preRetrievalSuffix(arm: Arm): string {
  if (!usesPreRetrieval(arm)) return '';
  return `${arm.preRetrieval?.multiQuery ? '+multi-query' : ''}${arm.preRetrieval?.hyde ? '+hyde' : ''}`;
}

/** The key of the model an arm needs loaded. */
export function modelKey(model: Pick<ArmModel, 'engine' | 'id'>): string {
  return `${model.engine}:${model.id}`;
}

/** What one arm produced for one question, with everything needed to prove who produced it. */
export interface ArmAnswer {
  armKey: string;
  arm: Arm;
  text: string;
  /** The engine's own id of the model that generated `text` (GenerationStats.modelId). */
  modelId: string;
  /** The exact messages sent. */
  prompt: PromptMessage[];
  /**
   * The search mode that found the sources (keyword when no embedding model was ready), for an
   * arm that searched; absent otherwise and in records made before it was kept.
   */
  searchMode?: SearchMode;
  /** Numbered sources in the prompt (RAG: retrieved chunks; full: whole documents). */
  sources: ChatSource[];
  /** Retrieval found nothing above the threshold (RAG arms). */
  noneFound?: boolean;
  /** Documents left out because the context window was full (full-documents arms). */
  droppedDocuments?: number;
  /** The arm's own multi-query / HyDE: every query it searched and what the extra calls cost. */
  preRetrieval?: { queries: string[]; hypothetical?: string; cost: PreRetrievalCost };
  stats?: GenerationStats;
  /** Retrieval and prompt building before the model was called, ms. */
  prepareMs: number;
  stopped?: boolean;
  error?: string;
  /** When it was saved (Date.now()): a resumed comparison leaves finished arms' untouched. */
  finishedAt?: number;
  /** A reasoning model's thinking, kept out of `text` (which is what is shown and scored). */
  reasoning?: string;
  /** The token limit ended the answer. */
  cutOff?: boolean;
}

/** Time spent loading a model between arms: shown on its own, never inside an arm's figures. */
export interface ModelSwap {
  modelKey: string;
  ms: number;
  /** The model was already loaded (no time spent). */
  reused?: boolean;
  error?: string;
}

/** How the arms were scheduled: groups of models that ran side by side, one group after another. */
export interface RunPlan {
  /** Each wave's model keys load side by side (and answer one at a time); waves run one after another. */
  waves: string[][];
  /** The memory budget the plan was made against, MB. */
  budgetMb: number;
  /** Why the plan is what it is, in words. */
  reason: string;
}

export interface BlindState {
  /** Arm keys in the order they are shown as A, B, C… */
  order: string[];
  /** The arm key the person picked as best. */
  vote?: string;
  /** Judged without a pick: all equally good ('tie') or all bad. */
  outcome?: 'tie' | 'all-bad';
  revealed: boolean;
}

export interface Comparison {
  id: string;
  question: string;
  createdAt: number;
  updatedAt: number;
  arms: Arm[];
  decoding: DecodingSettings;
  search: SearchSettings;
  /** In the order of `arms`. An arm not yet run has no entry. */
  answers: ArmAnswer[];
  plan?: RunPlan;
  swaps: ModelSwap[];
  blind?: BlindState;
  /**
   * 'running' while a tab runs it (saved as it goes); one still 'running' when the app opens was
   * cut off by a reload or a closed tab and becomes 'interrupted'. Absent once a run ended.
   */
  status?: 'running' | 'interrupted';
  /** The text each unfinished arm had streamed when last saved, by arm key. */
  partials?: Record<string, string>;
  /**
   * The one retrieval every arm of this question saw, kept so a resumed arm sees the very same
   * passages as the arms that finished before the cut (absent in records saved before it existed).
   */
  retrieved?: SavedRetrieval;
}

export interface SavedRetrieval {
  hits: SearchHit[];
  retrievalMs: number;
  /** The search mode that ran (keyword when no embedding model was ready); absent in older records. */
  mode?: SearchMode;
}

/** A comparison without its answers, for lists. */
export interface ComparisonSummary {
  id: string;
  question: string;
  createdAt: number;
  updatedAt: number;
  armCount: number;
  blind: boolean;
}

/** One question of a question set. */
export interface QuestionItem {
  id: string;
  question: string;
  /** Accepted answers (any one counts); may be empty for retrieval-only items. */
  answers: string[];
  /** Names (or ids) of documents that hold the answer, when known. */
  goldDocs?: string[];
  /** A passage that holds the answer, when known (a retrieved chunk overlapping it is a hit). */
  goldPassage?: string;
}

export type QuestionSetSource = 'jsonl' | 'csv' | 'squad' | 'beir' | 'generated' | 'experiment';

export interface QuestionSet {
  name: string;
  source: QuestionSetSource;
  items: QuestionItem[];
  /** Made from fine-tune data: the training files' hashes and the split it was held out from. */
  finetune?: FinetuneSetRecord;
}

/** Scores of one answer to one question. */
export interface AnswerScores {
  /** SQuAD v1.1 exact match, 0 or 1 (max over the accepted answers). */
  exactMatch: number;
  /** SQuAD v1.1 token F1, 0..1 (max over the accepted answers). */
  f1: number;
  /** 1 when a normalised accepted answer occurs in the normalised prediction. */
  contained: number;
  /** 1 when a gold document/passage is among the sources (RAG arms with known gold). */
  hit?: number;
  /** Share of the gold documents among the sources. */
  recall?: number;
}

export interface ExperimentResult {
  experimentId: string;
  itemId: string;
  armKey: string;
  answer: ArmAnswer;
  scores: AnswerScores;
  finishedAt: number;
}

export type ExperimentStatus = 'ready' | 'running' | 'paused' | 'done';

/** A model's identifying facts as exported with an experiment. */
export interface ModelRecordFacts {
  modelKey: string;
  facts: Record<string, string | number | boolean | null>;
}

/** A run of arms over a question set, with everything needed to reproduce it. */
export interface Experiment {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  status: ExperimentStatus;
  set: QuestionSet;
  arms: Arm[];
  decoding: DecodingSettings;
  search: SearchSettings;
  chunking: ChunkingSettings;
  embeddingModel: string;
  /** What identifies each model beyond its id (a WebLLM record's weights URL and library…). */
  models?: ModelRecordFacts[];
  /** The library it ran on: each document's name and content hash. */
  documents: { id: string; name: string; contentHash: string }[];
}
