// An experiment as files: the whole of it as versioned JSON (to keep, share and import again)
// and its results as CSV, one row per question × arm (to open in a spreadsheet or pandas).
// parseExperimentFile reads the JSON back, checking every field, since the file may have been
// edited or come from someone else.
// Over 300 lines: the writer and its field-by-field reader stay side by side, so a field added to one
// is seen in the other; the checks are most of it.
import type { ChatSource, PromptMessage } from '../chat/types';
import { ENGINE_NAMES, type EngineName } from '../generate/engines';
import { RagtuneError } from '../errors';
import type { GenerationStats } from '../generate/Generator';
import { checkJsonDepth } from '../ingest/jsonDepth';
import { safeName } from '../render/safeName';
import {
  CHUNKING_RANGES,
  DECODING_RANGES,
  LAB_RANGES,
  SCORE_RANGE,
  SEARCH_RANGES,
} from '../settings/ranges';
import { toCsv } from '../ingest/parse/csv';
import type { SearchMode, SearchSettings } from '../library/types';
import { readFinetuneRecord } from '../finetune/record';
import { Shape } from './shape';
import { CONTEXT_MODE_ENTRIES, CONTEXT_MODES } from '../rag/contextModes';
import { searchSummary } from '../library/searchWords';
import { armContextLabel } from './labels';
import {
  armKey,
  preRetrievalSuffix,
  type AnswerScores,
  type Arm,
  type ArmAnswer,
  type ModelRecordFacts,
  type Experiment,
  type ExperimentResult,
  type ExperimentStatus,
  type QuestionItem,
  type QuestionSet,
  type QuestionSetSource,
} from './types';

export const EXPERIMENT_FORMAT = 'ragtune-experiment';
export const EXPERIMENT_VERSION = 1;

export interface ExperimentFile {
  format: typeof EXPERIMENT_FORMAT;
  version: typeof EXPERIMENT_VERSION;
  experiment: Experiment;
  results: ExperimentResult[];
  /** When the file was written, ISO 8601. */
  exportedAt: string;
}

/** The experiment and its results as the JSON of an ExperimentFile (compact: prompts are long). */
export function experimentToJson(
  experiment: Experiment,
  results: readonly ExperimentResult[],
  now: Date = new Date(),
): string {
  const file: ExperimentFile = {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    experiment,
    results: [...results],
    exportedAt: now.toISOString(),
  };
  return JSON.stringify(file);
}

/** A file name for an export: the experiment's name made safe, and the extension. */
export function exportFileName(experiment: Pick<Experiment, 'name'>, extension: 'json' | 'csv') {
  const base = safeName(experiment.name)
    // eslint-disable-next-line no-control-regex -- control characters have no place in a name
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${base || 'experiment'}.${extension}`;
}

export const CSV_COLUMNS = [
  'item_id',
  'question',
  'gold_answers',
  'arm',
  'arm_key',
  'engine',
  'model_id',
  'context',
  'pre_retrieval',
  'search',
  'answer',
  'exact_match',
  'f1',
  'contained',
  'hit',
  'recall',
  'prompt_tokens',
  'ttft_ms',
  'decode_tokens_per_s',
  'total_ms',
  'stopped',
  'error',
] as const;

/** How the CSV names an arm: the model's menu name (or id) and what it is given. */
function armLabel(arm: Arm): string {
  return `${arm.model.name ?? arm.model.id} · ${armContextLabel(arm)}`;
}

/**
 * The searches a RAG arm made before retrieving ("multi-query+hyde", "hyde"…), empty when none:
 * so a HyDE arm's row does not read as a plain RAG one.
 */
function preRetrievalCell(arm: Arm): string {
  return preRetrievalSuffix(arm).slice(1);
}

/** The library search an arm's documents came from, with the mode that ran; empty without one. */
function searchCell(experiment: Experiment, answer: ArmAnswer): string {
  if (!CONTEXT_MODE_ENTRIES[answer.arm.context].needsSearch) return '';
  return searchSummary({ ...experiment.search, mode: answer.searchMode ?? experiment.search.mode });
}

/** A number for a CSV cell: empty when absent or not finite. */
function cell(value: number | undefined): number | string {
  return value === undefined || !Number.isFinite(value) ? '' : value;
}

/**
 * The results as CSV: a header row (CSV_COLUMNS), then one row per result, in the set's question
 * order and, within a question, the experiment's arm order. gold_answers is a JSON array of
 * strings; context is the arm's context mode and pre_retrieval its extra searches ("hyde",
 * "multi-query+hyde", empty for none); search is the library search the arm's documents came
 * from ("hybrid search (RRF), top 5"; empty for an arm without documents); model_id is the
 * engine's own id of the model that answered; scores are 0..1; timings are left empty for a
 * failed answer; stopped is “true” when the person stopped the answer; empty cells mean “not
 * measured” (no gold, no stats).
 */
export function resultsToCsv(experiment: Experiment, results: readonly ExperimentResult[]): string {
  const items = new Map<string, { item: QuestionItem; index: number }>(
    experiment.set.items.map((item, index) => [item.id, { item, index }]),
  );
  const armOrder = new Map(experiment.arms.map((arm, index) => [armKey(arm), index]));
  const rank = (r: ExperimentResult): [number, number] => [
    items.get(r.itemId)?.index ?? Infinity,
    armOrder.get(r.armKey) ?? Infinity,
  ];
  const sorted = results
    .map((result, index) => ({ result, index, rank: rank(result) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.index - b.index)
    .map(({ result }) => result);
  const rows = sorted.map((result) => {
    const item = items.get(result.itemId)?.item;
    const { answer, scores } = result;
    const stats = answer.error ? undefined : answer.stats;
    return [
      result.itemId,
      item?.question ?? '',
      JSON.stringify(item?.answers ?? []),
      armLabel(answer.arm),
      result.armKey,
      answer.arm.model.engine,
      answer.modelId,
      answer.arm.context,
      preRetrievalCell(answer.arm),
      searchCell(experiment, answer),
      answer.text,
      cell(scores.exactMatch),
      cell(scores.f1),
      cell(scores.contained),
      cell(scores.hit),
      cell(scores.recall),
      cell(stats?.promptTokens),
      cell(stats?.timeToFirstTokenMs),
      cell(stats?.decodeTokensPerS),
      cell(stats?.totalMs),
      answer.stopped ? 'true' : '',
      answer.error ?? '',
    ];
  });
  return toCsv([[...CSV_COLUMNS], ...rows]);
}

const ENGINES: readonly EngineName[] = ENGINE_NAMES;
const STATUSES: readonly ExperimentStatus[] = ['ready', 'running', 'paused', 'done'];
const SET_SOURCES: readonly QuestionSetSource[] = [
  'jsonl',
  'csv',
  'squad',
  'beir',
  'generated',
  'experiment',
];
const SEARCH_MODES: readonly SearchMode[] = ['keyword', 'vector', 'hybrid'];
const ROLES: readonly PromptMessage['role'][] = ['system', 'user', 'assistant'];

/** Reads the fields of each type, building a fresh object with exactly those fields. */
class ExperimentReader extends Shape {
  arm(value: unknown, path: string): Arm {
    const arm = this.object(value, path);
    const model = this.object(arm.model, `${path}.model`);
    const name = this.optional(model.name, (v) => this.string(v, `${path}.model.name`));
    // Since issue 9 (multi-query / HyDE per arm); older files have no such field (neither ran).
    const pre = this.optional(arm.preRetrieval, (v) => {
      const p = this.object(v, `${path}.preRetrieval`);
      return {
        multiQuery: this.boolean(p.multiQuery, `${path}.preRetrieval.multiQuery`),
        hyde: this.boolean(p.hyde, `${path}.preRetrieval.hyde`),
      };
    });
    return {
      model: {
        engine: this.oneOf(model.engine, ENGINES, `${path}.model.engine`),
        id: this.string(model.id, `${path}.model.id`),
        ...(name === undefined ? {} : { name }),
      },
      context: this.oneOf(arm.context, CONTEXT_MODES, `${path}.context`),
      ...(pre === undefined ? {} : { preRetrieval: pre }),
    };
  }

  /** The queries an arm's multi-query / HyDE searched and what the extra calls cost. */
  preRetrieval(value: unknown, path: string): NonNullable<ArmAnswer['preRetrieval']> {
    const p = this.object(value, path);
    const cost = this.object(p.cost, `${path}.cost`);
    const hypothetical = this.optional(p.hypothetical, (v) =>
      this.string(v, `${path}.hypothetical`),
    );
    return {
      queries: this.strings(p.queries, `${path}.queries`),
      ...(hypothetical === undefined ? {} : { hypothetical }),
      cost: {
        generateMs: this.figure(cost.generateMs, `${path}.cost.generateMs`),
        searchMs: this.figure(cost.searchMs, `${path}.cost.searchMs`),
        promptTokens: this.count(cost.promptTokens, `${path}.cost.promptTokens`),
        completionTokens: this.count(cost.completionTokens, `${path}.cost.completionTokens`),
      },
    };
  }

  item(value: unknown, path: string): QuestionItem {
    const item = this.object(value, path);
    const goldDocs = this.optional(item.goldDocs, (v) => this.strings(v, `${path}.goldDocs`));
    const goldPassage = this.optional(item.goldPassage, (v) =>
      this.string(v, `${path}.goldPassage`),
    );
    return {
      id: this.string(item.id, `${path}.id`),
      question: this.string(item.question, `${path}.question`),
      answers: this.strings(item.answers, `${path}.answers`),
      ...(goldDocs === undefined ? {} : { goldDocs }),
      ...(goldPassage === undefined ? {} : { goldPassage }),
    };
  }

  set(value: unknown, path: string): QuestionSet {
    const set = this.object(value, path);
    const listed = this.array(set.items, `${path}.items`);
    if (listed.length > LAB_RANGES.questions.max) {
      this.fail(
        `${path}.items`,
        `has ${listed.length} questions; the lab takes at most ${LAB_RANGES.questions.max}`,
      );
    }
    const items = listed.map((item, i) => this.item(item, `${path}.items[${i}]`));
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) this.fail(`${path}.items[${i}].id`, `repeats “${item.id}”`);
      seen.add(item.id);
    });
    return {
      name: this.string(set.name, `${path}.name`),
      source: this.oneOf(set.source, SET_SOURCES, `${path}.source`),
      items,
      ...(set.finetune === undefined
        ? {}
        : { finetune: readFinetuneRecord(this, set.finetune, `${path}.finetune`) }),
    };
  }

  experiment(value: unknown, path: string): Experiment {
    const e = this.object(value, path);
    const decoding = this.object(e.decoding, `${path}.decoding`);
    const search = this.object(e.search, `${path}.search`);
    const chunking = this.object(e.chunking, `${path}.chunking`);
    return {
      id: this.string(e.id, `${path}.id`),
      name: this.string(e.name, `${path}.name`),
      createdAt: this.count(e.createdAt, `${path}.createdAt`),
      updatedAt: this.count(e.updatedAt, `${path}.updatedAt`),
      status: this.oneOf(e.status, STATUSES, `${path}.status`),
      set: this.set(e.set, `${path}.set`),
      arms: this.array(e.arms, `${path}.arms`).map((arm, i) => this.arm(arm, `${path}.arms[${i}]`)),
      decoding: {
        temperature: this.inRange(
          decoding.temperature,
          DECODING_RANGES.temperature,
          `${path}.decoding.temperature`,
        ),
        topP: this.inRange(decoding.topP, DECODING_RANGES.topP, `${path}.decoding.topP`),
        maxTokens: this.inRange(
          decoding.maxTokens,
          DECODING_RANGES.maxTokens,
          `${path}.decoding.maxTokens`,
        ),
        seed: this.inRange(decoding.seed, DECODING_RANGES.seed, `${path}.decoding.seed`),
      },
      search: {
        mode: this.oneOf(search.mode, SEARCH_MODES, `${path}.search.mode`),
        topK: this.inRange(search.topK, SEARCH_RANGES.topK, `${path}.search.topK`),
        threshold: this.inRange(
          search.threshold,
          SEARCH_RANGES.threshold,
          `${path}.search.threshold`,
        ),
        rerank: this.boolean(search.rerank, `${path}.search.rerank`),
        // Recorded since issue 13; older files lack them (the defaults applied then).
        ...this.searchTuning(search, `${path}.search`),
      },
      chunking: {
        maxTokens: this.inRange(
          chunking.maxTokens,
          CHUNKING_RANGES.maxTokens,
          `${path}.chunking.maxTokens`,
        ),
        overlapTokens: this.inRange(
          chunking.overlapTokens,
          CHUNKING_RANGES.overlapTokens,
          `${path}.chunking.overlapTokens`,
        ),
      },
      embeddingModel: this.string(e.embeddingModel, `${path}.embeddingModel`),
      ...(e.models === undefined ? {} : { models: this.models(e.models, `${path}.models`) }),
      documents: this.array(e.documents, `${path}.documents`).map((doc, i) => {
        const d = this.object(doc, `${path}.documents[${i}]`);
        const at = `${path}.documents[${i}]`;
        return {
          id: this.string(d.id, `${at}.id`),
          name: this.string(d.name, `${at}.name`),
          contentHash: this.string(d.contentHash, `${at}.contentHash`),
        };
      }),
    };
  }

  searchTuning(search: Record<string, unknown>, path: string): Partial<SearchSettings> {
    const num = (key: 'candidates' | 'docWeight' | 'fusionWeight') =>
      this.optional(search[key], (v) => this.number(v, `${path}.${key}`));
    const fusion = this.optional(search.fusion, (v) =>
      this.oneOf(v, ['rrf', 'convex'] as const, `${path}.fusion`),
    );
    const out: Partial<SearchSettings> = {};
    const candidates = num('candidates');
    const docWeight = num('docWeight');
    const fusionWeight = num('fusionWeight');
    if (candidates !== undefined) out.candidates = candidates;
    if (docWeight !== undefined) out.docWeight = docWeight;
    if (fusion !== undefined) out.fusion = fusion;
    if (fusionWeight !== undefined) out.fusionWeight = fusionWeight;
    return out;
  }

  models(value: unknown, path: string): ModelRecordFacts[] {
    return this.array(value, path).map((item, i) => {
      const at = `${path}[${i}]`;
      const m = this.object(item, at);
      const facts: ModelRecordFacts['facts'] = {};
      for (const [key, v] of Object.entries(this.object(m.facts, `${at}.facts`))) {
        if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) {
          facts[key] = v as string | number | boolean | null;
        } else this.fail(`${at}.facts.${key}`, 'must be text, a number, true/false or null');
      }
      return { modelKey: this.string(m.modelKey, `${at}.modelKey`), facts };
    });
  }

  source(value: unknown, path: string): ChatSource {
    const s = this.object(value, path);
    const page = this.optional(s.page, (v) => this.count(v, `${path}.page`));
    return {
      n: this.count(s.n, `${path}.n`),
      chunkId: this.string(s.chunkId, `${path}.chunkId`),
      docId: this.string(s.docId, `${path}.docId`),
      docName: this.string(s.docName, `${path}.docName`),
      // Cosine scores can be negative: any number, or null for “not measured”.
      score: s.score === null ? NaN : this.number(s.score, `${path}.score`),
      text: this.string(s.text, `${path}.text`),
      headingPath: this.strings(s.headingPath, `${path}.headingPath`),
      ...(page === undefined ? {} : { page }),
    };
  }

  stats(value: unknown, path: string): GenerationStats {
    const s = this.object(value, path);
    const prefillTokens = this.optional(s.prefillTokens, (v) =>
      this.figure(v, `${path}.prefillTokens`),
    );
    const penalties = this.optional(s.penalties, (v) => {
      const p = this.object(v, `${path}.penalties`);
      return {
        repetition: this.number(p.repetition, `${path}.penalties.repetition`),
        frequency: this.number(p.frequency, `${path}.penalties.frequency`),
        presence: this.number(p.presence, `${path}.penalties.presence`),
      };
    });
    return {
      ...(prefillTokens === undefined ? {} : { prefillTokens }),
      ...(penalties === undefined ? {} : { penalties }),
      promptTokens: this.figure(s.promptTokens, `${path}.promptTokens`),
      completionTokens: this.figure(s.completionTokens, `${path}.completionTokens`),
      timeToFirstTokenMs: this.figure(s.timeToFirstTokenMs, `${path}.timeToFirstTokenMs`),
      prefillTokensPerS: this.figure(s.prefillTokensPerS, `${path}.prefillTokensPerS`),
      decodeTokensPerS: this.figure(s.decodeTokensPerS, `${path}.decodeTokensPerS`),
      totalMs: this.figure(s.totalMs, `${path}.totalMs`),
      modelId: this.string(s.modelId, `${path}.modelId`),
      timingSource: this.oneOf(
        s.timingSource,
        ['engine', 'client'] as const,
        `${path}.timingSource`,
      ),
    };
  }

  answer(value: unknown, path: string): ArmAnswer {
    const a = this.object(value, path);
    const noneFound = this.optional(a.noneFound, (v) => this.boolean(v, `${path}.noneFound`));
    const droppedDocuments = this.optional(a.droppedDocuments, (v) =>
      this.count(v, `${path}.droppedDocuments`),
    );
    const preRetrieval = this.optional(a.preRetrieval, (v) =>
      this.preRetrieval(v, `${path}.preRetrieval`),
    );
    const stats = this.optional(a.stats, (v) => this.stats(v, `${path}.stats`));
    const stopped = this.optional(a.stopped, (v) => this.boolean(v, `${path}.stopped`));
    const error = this.optional(a.error, (v) => this.string(v, `${path}.error`));
    const reasoning = this.optional(a.reasoning, (v) => this.string(v, `${path}.reasoning`));
    const cutOff = this.optional(a.cutOff, (v) => this.boolean(v, `${path}.cutOff`));
    const searchMode = this.optional(a.searchMode, (v) =>
      this.oneOf(v, SEARCH_MODES, `${path}.searchMode`),
    );
    return {
      armKey: this.string(a.armKey, `${path}.armKey`),
      arm: this.arm(a.arm, `${path}.arm`),
      text: this.string(a.text, `${path}.text`),
      modelId: this.string(a.modelId, `${path}.modelId`),
      prompt: this.array(a.prompt, `${path}.prompt`).map((m, i) => {
        const message = this.object(m, `${path}.prompt[${i}]`);
        return {
          role: this.oneOf(message.role, ROLES, `${path}.prompt[${i}].role`),
          content: this.string(message.content, `${path}.prompt[${i}].content`),
        };
      }),
      sources: this.array(a.sources, `${path}.sources`).map((s, i) =>
        this.source(s, `${path}.sources[${i}]`),
      ),
      ...(noneFound === undefined ? {} : { noneFound }),
      ...(droppedDocuments === undefined ? {} : { droppedDocuments }),
      ...(preRetrieval === undefined ? {} : { preRetrieval }),
      ...(stats === undefined ? {} : { stats }),
      prepareMs: this.figure(a.prepareMs, `${path}.prepareMs`),
      ...(stopped === undefined ? {} : { stopped }),
      ...(error === undefined ? {} : { error }),
      ...(reasoning === undefined ? {} : { reasoning }),
      ...(cutOff === undefined ? {} : { cutOff }),
      ...(searchMode === undefined ? {} : { searchMode }),
    };
  }

  scores(value: unknown, path: string): AnswerScores {
    const s = this.object(value, path);
    const hit = this.optional(s.hit, (v) => this.inRange(v, SCORE_RANGE, `${path}.hit`));
    const recall = this.optional(s.recall, (v) => this.inRange(v, SCORE_RANGE, `${path}.recall`));
    return {
      exactMatch: this.inRange(s.exactMatch, SCORE_RANGE, `${path}.exactMatch`),
      f1: this.inRange(s.f1, SCORE_RANGE, `${path}.f1`),
      contained: this.inRange(s.contained, SCORE_RANGE, `${path}.contained`),
      ...(hit === undefined ? {} : { hit }),
      ...(recall === undefined ? {} : { recall }),
    };
  }

  result(value: unknown, path: string): ExperimentResult {
    const r = this.object(value, path);
    return {
      experimentId: this.string(r.experimentId, `${path}.experimentId`),
      itemId: this.string(r.itemId, `${path}.itemId`),
      armKey: this.string(r.armKey, `${path}.armKey`),
      answer: this.answer(r.answer, `${path}.answer`),
      scores: this.scores(r.scores, `${path}.scores`),
      finishedAt: this.count(r.finishedAt, `${path}.finishedAt`),
    };
  }
}

/**
 * Reads an exported experiment back: checks the format and version, then every field, and that
 * each result belongs to the experiment (its id, one of its questions). Errors name the file's
 * field (“results[3].answer.text must be text”).
 */
export function parseExperimentFile(
  text: string,
  fileName = 'The file',
): { experiment: Experiment; results: ExperimentResult[]; exportedAt?: string } {
  let value: unknown;
  checkJsonDepth(text, fileName);
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new RagtuneError(
      'invalid-json',
      `${fileName} is not valid JSON (${detail}). Choose a file exported from the lab’s ` +
        'Experiments (Export → JSON).',
    );
  }
  const read = new ExperimentReader(
    fileName,
    'It may have been edited by hand: export the experiment again.',
  );
  const file =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  if (file.format !== EXPERIMENT_FORMAT) {
    throw new RagtuneError(
      'invalid-dataset',
      `${fileName} is not a ragtune experiment (no "format": "${EXPERIMENT_FORMAT}"). Choose a ` +
        'file exported from the lab’s Experiments (Export → JSON).',
    );
  }
  if (file.version !== EXPERIMENT_VERSION) {
    const newer = typeof file.version === 'number' && file.version > EXPERIMENT_VERSION;
    throw new RagtuneError(
      'invalid-dataset',
      newer
        ? `${fileName} was made by a newer ragtune (experiment file version ${String(file.version)}; ` +
            `this one reads version ${EXPERIMENT_VERSION}). Update ragtune (reload the page) and try again.`
        : `${fileName} has an unknown experiment file version (${JSON.stringify(file.version)}); ` +
            `this ragtune reads version ${EXPERIMENT_VERSION}.`,
    );
  }
  const experiment = read.experiment(file.experiment, 'experiment');
  const itemIds = new Set(experiment.set.items.map((item) => item.id));
  const results = read.array(file.results, 'results').map((value, i) => {
    const result = read.result(value, `results[${i}]`);
    if (result.experimentId !== experiment.id) {
      read.fail(
        `results[${i}].experimentId`,
        `is “${result.experimentId}”, not the experiment’s id`,
      );
    }
    if (!itemIds.has(result.itemId)) {
      read.fail(`results[${i}].itemId`, `“${result.itemId}” is not a question of the experiment`);
    }
    return result;
  });
  const exportedAt = read.optional(file.exportedAt, (v) => read.string(v, 'exportedAt'));
  return { experiment, results, ...(exportedAt === undefined ? {} : { exportedAt }) };
}
