// The records a question-set evaluation keeps, built from plain values: a new experiment (its
// set, arms, settings, models and the library it runs on), the copy an import or a re-run makes,
// the set made from reviewed drafts, and whether this library holds the documents a run was on.
import type { DecodingSettings } from '../generate/decoding';
import type { DocumentMeta, SearchSettings } from '../library/types';
import type { ChunkingSettings } from '../ingest/types';
import type { DraftItem } from './generateQuestions';
import { armModels } from './plan';
import { modelKey, type Arm, type ArmModel, type Experiment, type QuestionSet } from './types';

export interface NewExperiment {
  id: string;
  now: number;
  /** The person's name for it; blank gives "<set> · <n> arms". */
  name?: string | undefined;
  set: QuestionSet;
  /** Distinct arms, in the lab's order. */
  arms: Arm[];
  /** In range already (GenerationSettings.snapshot). */
  decoding: DecodingSettings;
  settings: { search: SearchSettings; chunking: ChunkingSettings; modelId: string };
  documents: readonly Pick<DocumentMeta, 'id' | 'name' | 'contentHash'>[];
  /** What identifies a model beyond its id (for experiment files). */
  modelFacts(model: ArmModel): Record<string, string | number | boolean | null>;
}

export function newExperiment(input: NewExperiment): Experiment {
  const { set, arms } = input;
  return {
    id: input.id,
    name: input.name?.trim() || `${set.name} · ${arms.length} arms`,
    createdAt: input.now,
    updatedAt: input.now,
    status: 'ready',
    set,
    arms,
    decoding: input.decoding,
    search: input.settings.search,
    chunking: input.settings.chunking,
    embeddingModel: input.settings.modelId,
    models: armModels(arms).map((m) => ({ modelKey: modelKey(m), facts: input.modelFacts(m) })),
    documents: input.documents.map((d) => ({ id: d.id, name: d.name, contentHash: d.contentHash })),
  };
}

/** An imported experiment kept under a new id: done when every question × arm has a result. */
export function importedCopy(experiment: Experiment, resultCount: number, id: string): Experiment {
  const total = experiment.set.items.length * experiment.arms.length;
  return {
    ...experiment,
    id,
    name: `${experiment.name} (imported)`,
    status: resultCount >= total ? 'done' : 'paused',
  };
}

/** The same set, arms and settings as a new experiment, to run from scratch. */
export function rerunCopy(experiment: Experiment, id: string, now: number): Experiment {
  return {
    ...experiment,
    id,
    name: `${experiment.name.replace(/ \(imported\)$/, '')} (re-run)`,
    createdAt: now,
    status: 'ready',
  };
}

/** The reviewed drafts as a set (trimmed; empty questions and answers dropped), or undefined if none is left. */
export function draftedSet(drafts: readonly DraftItem[]): QuestionSet | undefined {
  const items = drafts
    .map((d) => ({
      id: d.id,
      question: d.question.trim(),
      answers: d.answers.map((a) => a.trim()).filter(Boolean),
      ...(d.goldDocs ? { goldDocs: d.goldDocs } : {}),
      ...(d.goldPassage ? { goldPassage: d.goldPassage } : {}),
    }))
    .filter((d) => d.question);
  return items.length > 0
    ? { name: 'Drafted from the library', source: 'generated', items }
    : undefined;
}

/** Says which documents the run was on that this library lacks (by content hash), if any. */
export function missingDocumentsNotice(
  experiment: Pick<Experiment, 'documents'>,
  have: readonly Pick<DocumentMeta, 'contentHash'>[],
): string | undefined {
  const hashes = new Set(have.map((d) => d.contentHash));
  const missing = experiment.documents.filter((d) => !hashes.has(d.contentHash));
  if (missing.length === 0) return undefined;
  const named = missing
    .slice(0, 3)
    .map((d) => d.name)
    .join(', ');
  return `${missing.length} of the ${experiment.documents.length} documents it ran on are not in this library (${named}${missing.length > 3 ? '…' : ''}): a re-run would not be on the same documents.`;
}
