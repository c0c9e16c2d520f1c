// One arm answers one question: its prompt (rag/buildPrompt.ts: no documents, the shared RAG hits
// or its own multi-query / HyDE search, or whole documents fitted to its model's window), then
// the generation, streamed. Failures become part of the answer.
import { isCancelled, toRagtuneError } from '../errors';
import { withBuilderPrompt, type GenerationResult } from '../generate/Generator';
import { partialAnswerOf } from '../generate/partialAnswer';
import type { DecodingSettings } from '../generate/decoding';
import { buildPrompt, type BuiltContext } from '../rag/buildPrompt';
import { CONTEXT_MODE_ENTRIES } from '../rag/contextModes';
import { DEFAULT_PRE_RETRIEVAL } from '../rag/preRetrieval';
import { rewriteCall } from '../rag/rewriteCall';
import type { ReadyModel } from './enginePool';
import type { SharedContext } from './sharedContext';
import { armKey, usesPreRetrieval, type Arm, type ArmAnswer } from './types';

/**
 * An arm's prompt by the one builder. Arms carry no history: each comparison or evaluation
 * question is asked alone, so a no-documents arm's prompt never holds document text. The shared
 * search is the question's; an arm with multi-query or HyDE adds its own, with its own model.
 */
export function buildArmPrompt(
  arm: Arm,
  shared: SharedContext,
  model: ReadyModel,
  decoding: Pick<DecodingSettings, 'maxTokens' | 'seed'>,
  signal?: AbortSignal,
): Promise<BuiltContext> {
  return buildPrompt({
    question: shared.question,
    mode: arm.context,
    library: shared.library,
    contextWindow: model.info.contextWindow,
    countTokens: model.info.countTokens,
    maxAnswerTokens: decoding.maxTokens,
    ...(usesPreRetrieval(arm)
      ? {
          preRetrieval: {
            options: { ...DEFAULT_PRE_RETRIEVAL, ...arm.preRetrieval },
            generate: rewriteCall(model.client, decoding.seed, signal),
          },
        }
      : {}),
  });
}

export interface RunArmOptions {
  arm: Arm;
  shared: SharedContext;
  model: ReadyModel;
  decoding: DecodingSettings;
  onToken: (text: string) => void;
  /** Called once the prompt is built, before the model is called. */
  onPrompt?: (answer: ArmAnswer) => void;
  signal?: AbortSignal;
}

export async function runArm(options: RunArmOptions): Promise<ArmAnswer> {
  const { arm, shared, model, decoding, signal } = options;
  const started = performance.now();
  const answer: ArmAnswer = {
    armKey: armKey(arm),
    arm,
    text: '',
    modelId: model.info.modelId,
    prompt: [],
    sources: [],
    prepareMs: 0,
  };
  let text = '';
  let promptTokens = 0;
  try {
    const built = await buildArmPrompt(arm, shared, model, decoding, signal);
    promptTokens = built.promptTokens;
    answer.prompt = built.messages;
    answer.sources = built.sources;
    if (shared.mode && CONTEXT_MODE_ENTRIES[arm.context].needsSearch) {
      answer.searchMode = shared.mode;
    }
    if (built.noneFound) answer.noneFound = true;
    if (built.droppedDocuments) answer.droppedDocuments = built.droppedDocuments;
    if (built.preRetrieval) answer.preRetrieval = built.preRetrieval;
    const own = performance.now() - started;
    const shares = CONTEXT_MODE_ENTRIES[arm.context].needsSearch ? shared.retrievalMs : 0;
    answer.prepareMs = Math.round((own + shares) * 10) / 10;
    options.onPrompt?.({ ...answer });
    const result: GenerationResult = await model.client.generate(
      { messages: built.messages, ...decoding },
      (piece) => {
        text += piece;
        options.onToken(piece);
      },
      signal,
    );
    return {
      ...answer,
      text: result.text,
      modelId: result.stats.modelId,
      stats: withBuilderPrompt(result.stats, built.promptTokens),
      ...(result.stopped ? { stopped: true } : {}),
      // The exact prompt: as the engine received it when the adapter changed it.
      ...(result.prompt ? { prompt: result.prompt } : {}),
      ...(result.reasoning ? { reasoning: result.reasoning } : {}),
      ...(result.cutOff ? { cutOff: true } : {}),
    };
  } catch (error) {
    const e = toRagtuneError(error, 'generation-failed');
    // A failure mid-answer keeps the figures of the part that arrived, and who sent it.
    const partial = partialAnswerOf(error);
    return {
      ...answer,
      text,
      ...(partial
        ? {
            modelId: partial.stats.modelId,
            stats: withBuilderPrompt(partial.stats, promptTokens),
          }
        : {}),
      ...(isCancelled(e) ? { stopped: true } : { error: e.message }),
    };
  }
}
