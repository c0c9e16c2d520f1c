// One arm answers one question: its prompt (no documents, the shared RAG hits, or whole documents
// fitted to its model's window), then the generation, streamed. Failures become part of the answer.
import type { ChatSource } from '../chat/types';
import { toChatSources } from '../chat/messages';
import { isCancelled, toRagtuneError } from '../errors';
import { withBuilderPrompt, type GenerationResult } from '../generate/Generator';
import type { DecodingSettings } from '../generate/decoding';
import {
  buildFullDocumentsMessages,
  buildPlainMessages,
  buildRagMessages,
  type BuiltPrompt,
} from '../rag/prompt';
import type { ReadyModel } from './enginePool';
import type { SharedContext } from './sharedContext';
import { armKey, type Arm, type ArmAnswer } from './types';

interface ArmPrompt extends BuiltPrompt {
  sources: ChatSource[];
  noneFound?: boolean;
  droppedDocuments?: number;
}

export async function buildArmPrompt(
  arm: Arm,
  shared: SharedContext,
  model: ReadyModel,
  maxAnswerTokens: number,
): Promise<ArmPrompt> {
  const budget = {
    question: shared.question,
    // Arms carry no history: each comparison or evaluation question is asked alone, so a
    // no-documents arm's prompt never holds document text (chat/history.ts is the chat's rule).
    history: [],
    contextWindow: model.info.contextWindow,
    maxAnswerTokens,
    countTokens: model.info.countTokens,
  };
  // Exhaustive: a new context mode does not compile until it says what its arm is given.
  switch (arm.context) {
    case 'none':
      return { ...(await buildPlainMessages(budget)), sources: [] };
    case 'rag': {
      const built = await buildRagMessages({ ...budget, hits: shared.hits });
      return {
        ...built,
        sources: toChatSources(built.used),
        ...(shared.hits.length === 0 ? { noneFound: true } : {}),
      };
    }
    case 'full': {
      const built = await buildFullDocumentsMessages({
        ...budget,
        documents: await shared.documents(),
      });
      return {
        ...built,
        sources: built.used.map((doc, i) => ({
          n: i + 1,
          chunkId: '',
          docId: doc.docId,
          docName: doc.name,
          score: 1,
          text: doc.text,
          headingPath: [],
        })),
        droppedDocuments: built.droppedForBudget,
      };
    }
  }
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
  try {
    const built = await buildArmPrompt(arm, shared, model, decoding.maxTokens);
    answer.prompt = built.messages;
    answer.sources = built.sources;
    if (built.noneFound) answer.noneFound = true;
    if (built.droppedDocuments) answer.droppedDocuments = built.droppedDocuments;
    const own = performance.now() - started;
    const shares = arm.context === 'none' ? 0 : shared.retrievalMs;
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
    return { ...answer, text, ...(isCancelled(e) ? { stopped: true } : { error: e.message }) };
  }
}
