// The IndexedDB schema of the whole ragtune database (library, conversations, lab, models): name, version, store names and the numbered
// migrations that build it. Changing any stored shape means adding a migration here.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Conversation } from '../chat/types';
import type { OnnxCustomModel } from '../generate/transformers/customModels';
import type { CustomModel } from '../generate/webllm/customModels';
import type { Comparison, Experiment, ExperimentResult } from '../lab/types';
import type { ChunkRecord, DocumentMeta, VectorBlock } from '../library/types';
import type { PageSpan } from '../ingest/types';

export const DB_NAME = 'ragtune';

/** Store names. Do not change without a migration: they are part of the data on people's disks. */
export const STORES = {
  documents: 'documents',
  texts: 'texts',
  chunks: 'chunks',
  vectors: 'vectors',
  keywordIndex: 'keywordIndex',
  settings: 'settings',
  conversations: 'conversations',
  customModels: 'customModels',
  comparisons: 'comparisons',
  experiments: 'experiments',
  experimentResults: 'experimentResults',
} as const;

/** Index names. Same rule as STORES. */
export const INDEXES = {
  documentsByHash: 'contentHash',
  chunksByDoc: 'docId',
  conversationsByUpdatedAt: 'updatedAt',
  comparisonsByUpdatedAt: 'updatedAt',
  experimentsByUpdatedAt: 'updatedAt',
  resultsByExperiment: 'experimentId',
} as const;

/** The key of the single keyword-index snapshot record. */
export const KEYWORD_SNAPSHOT_KEY = 'current';

export interface TextRecord {
  docId: string;
  text: string;
  /**
   * Where each PDF page lies in the text, so the document can be chunked again with its page
   * numbers. Absent for other formats, edited texts, and PDFs stored before it was kept.
   */
  pages?: PageSpan[];
}

/**
 * One keyword-index record and the number of chunks the index had when it was saved: a JSON
 * segment (`json`), or a binary snapshot's manifest (`parts`, `byteLength`, `id`) followed by its
 * parts (`of` the manifest's key, `part`, `data`), each at most KEYWORD_PART_BYTES (./keywordRecords).
 */
export interface KeywordSnapshot {
  key: string;
  chunkCount: number;
  savedAt: number;
  json?: string;
  parts?: number;
  byteLength?: number;
  id?: string;
  of?: string;
  part?: number;
  data?: ArrayBuffer;
}

/** What the keyword index needs from each chunk to be rebuilt. */
export interface IndexableChunk {
  id: string;
  text: string;
  docId: string;
  headingPath: string[];
  start: number;
  end: number;
  tableHeaderChars?: number;
}

export interface RagtuneDB extends DBSchema {
  documents: {
    key: string;
    value: DocumentMeta;
    indexes: { contentHash: string };
  };
  texts: { key: string; value: TextRecord };
  chunks: {
    key: string;
    value: ChunkRecord;
    indexes: { docId: string };
  };
  /** One record per document with all of its vectors: reading 100k vectors is a few getAll rows. */
  vectors: { key: string; value: VectorBlock };
  keywordIndex: { key: string; value: KeywordSnapshot };
  /** Out-of-line keys: setting name → any structured-cloneable value. */
  settings: { key: string; value: unknown };
  /** One record per chat conversation, its messages inside. */
  conversations: {
    key: string;
    value: Conversation;
    indexes: { updatedAt: number };
  };
  /** Bring-your-own fine-tunes: WebLLM ones keyed by record.model_id, ONNX ones by folder URL. */
  customModels: { key: string; value: StoredCustomModel };
  /** The lab's comparisons: one question across several arms. */
  comparisons: {
    key: string;
    value: Comparison;
    indexes: { updatedAt: number };
  };
  /** The lab's evaluations: a question set, arms and settings (results kept apart). */
  experiments: {
    key: string;
    value: Experiment;
    indexes: { updatedAt: number };
  };
  /** One record per experiment × question × arm, written as each finishes (a run resumes). */
  experimentResults: {
    key: [string, string, string];
    value: ExperimentResult;
    indexes: { experimentId: string };
  };
}

/** A custom WebLLM model as kept: what registration built, and when; `id` is record.model_id. */
export interface StoredWebllmModel extends CustomModel {
  engine: 'webllm';
  id: string;
  addedAt: number;
}

/** A custom ONNX (transformers.js) model as kept; `id` is its folder URL. */
export interface StoredOnnxModel extends OnnxCustomModel {
  engine: 'transformers';
  addedAt: number;
}

/** A custom model as kept, told apart by `engine` (same store, no migration: v4 held none yet). */
export type StoredCustomModel = StoredWebllmModel | StoredOnnxModel;

export type StoreName = StoreNames<RagtuneDB>;
export type UpgradeTransaction = IDBPTransaction<RagtuneDB, StoreName[], 'versionchange'>;
type Migration = (db: IDBPDatabase<RagtuneDB>, tx: UpgradeTransaction) => void;

/**
 * Numbered migrations: MIGRATIONS[n - 1] takes the database from version n - 1 to n. Append new
 * ones (conversations, experiments, …); never edit one that has shipped.
 */
const MIGRATIONS: readonly Migration[] = [
  // 1: documents, their text, their chunks, and settings.
  (db) => {
    const documents = db.createObjectStore(STORES.documents, { keyPath: 'id' });
    documents.createIndex(INDEXES.documentsByHash, 'contentHash', { unique: false });
    db.createObjectStore(STORES.texts, { keyPath: 'docId' });
    const chunks = db.createObjectStore(STORES.chunks, { keyPath: 'id' });
    chunks.createIndex(INDEXES.chunksByDoc, 'docId', { unique: false });
    db.createObjectStore(STORES.settings);
  },
  // 2: search state: vector blocks per document and the keyword-index snapshot.
  (db) => {
    db.createObjectStore(STORES.vectors, { keyPath: 'docId' });
    db.createObjectStore(STORES.keywordIndex, { keyPath: 'key' });
  },
  // 3: chat conversations, listed newest first by updatedAt.
  (db) => {
    const conversations = db.createObjectStore(STORES.conversations, { keyPath: 'id' });
    conversations.createIndex(INDEXES.conversationsByUpdatedAt, 'updatedAt', { unique: false });
  },
  // 4: the lab (comparisons, experiments and their results) and bring-your-own models.
  (db) => {
    db.createObjectStore(STORES.customModels, { keyPath: 'id' });
    const comparisons = db.createObjectStore(STORES.comparisons, { keyPath: 'id' });
    comparisons.createIndex(INDEXES.comparisonsByUpdatedAt, 'updatedAt', { unique: false });
    const experiments = db.createObjectStore(STORES.experiments, { keyPath: 'id' });
    experiments.createIndex(INDEXES.experimentsByUpdatedAt, 'updatedAt', { unique: false });
    const results = db.createObjectStore(STORES.experimentResults, {
      keyPath: ['experimentId', 'itemId', 'armKey'],
    });
    results.createIndex(INDEXES.resultsByExperiment, 'experimentId', { unique: false });
  },
];

export const DB_VERSION = MIGRATIONS.length;

/** Runs every migration above `oldVersion`, in order, inside the upgrade transaction. */
export function upgrade(
  db: IDBPDatabase<RagtuneDB>,
  oldVersion: number,
  newVersion: number | null,
  tx: UpgradeTransaction,
): void {
  const target = newVersion ?? DB_VERSION;
  for (let version = oldVersion + 1; version <= target; version++) {
    const migration = MIGRATIONS[version - 1];
    if (!migration) throw new Error(`No migration to schema version ${version}.`);
    migration(db, tx);
  }
}
