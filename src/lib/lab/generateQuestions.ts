// Drafts a question set from the library with a chosen model: passages spread over the documents,
// each turned into one question and its short answer. Drafts are for review — the person edits
// or drops them before the set is used — and each keeps its passage as the gold chunk.
import type { GenerateRequest } from '../generate/Generator';
import type { ReadyModel } from './enginePool';
import type { QuestionItem } from './types';

export interface Passage {
  docName: string;
  text: string;
  /** The library chunk it is (fine-tune data splits by chunk). */
  chunkId?: string;
  /** Questions already drafted from it: the model is asked for another one. */
  avoid?: string[];
}

export const QUESTION_WRITER_PROMPT =
  'You write quiz questions. Read the passage and write ONE question that the passage answers, ' +
  'and its answer in a few words, copied from the passage. Reply exactly as:\n' +
  'Question: <the question>\nAnswer: <the answer>';

/** Picks up to `count` passages, taking documents in turn so every document is represented. */
export function spreadPassages<T extends Passage>(byDoc: readonly T[][], count: number): T[] {
  const out: T[] = [];
  for (let round = 0; out.length < count; round++) {
    let took = false;
    for (const passages of byDoc) {
      // Spread within a document too: stride through it rather than taking its first chunks.
      const stride = Math.max(
        1,
        Math.floor(passages.length / Math.max(1, Math.ceil(count / byDoc.length))),
      );
      const p = passages[round * stride];
      if (p && out.length < count) {
        out.push(p);
        took = true;
      }
    }
    if (!took) break;
  }
  return out;
}

/** Reads "Question: … Answer: …"; without that shape the whole reply becomes the question. */
export function parseDraft(reply: string): { question: string; answer: string; parsed: boolean } {
  const m = /question\s*[:：]\s*([\s\S]+?)\s*answer\s*[:：]\s*([\s\S]+)/i.exec(reply);
  if (m)
    return { question: m[1]!.trim(), answer: m[2]!.trim().split('\n')[0]!.trim(), parsed: true };
  const asked = /[^.?!\n]*\?/.exec(reply)?.[0]?.trim();
  return { question: (asked ?? reply).trim(), answer: '', parsed: false };
}

export interface DraftItem extends QuestionItem {
  /** The model's reply had the expected shape. */
  parsed: boolean;
  chunkId?: string;
}

function passageMessage(passage: Passage): string {
  const text = `Passage (from ${passage.docName}):\n${passage.text}`;
  const avoid = passage.avoid?.filter((q) => q.trim()) ?? [];
  return avoid.length === 0
    ? text
    : `${text}\n\nWrite a different question from these:\n${avoid.map((q) => `- ${q}`).join('\n')}`;
}

export async function draftQuestions(
  passages: readonly Passage[],
  model: ReadyModel,
  options: { seed: number; signal?: AbortSignal; onDraft?: (done: number) => void },
): Promise<DraftItem[]> {
  const drafts: DraftItem[] = [];
  for (const [i, passage] of passages.entries()) {
    if (options.signal?.aborted) break;
    const request: GenerateRequest = {
      messages: [
        { role: 'system', content: QUESTION_WRITER_PROMPT },
        { role: 'user', content: passageMessage(passage) },
      ],
      temperature: 0,
      topP: 1,
      maxTokens: 96,
      seed: options.seed,
    };
    const result = await model.client.generate(request, () => {}, options.signal);
    if (result.stopped) break;
    const draft = parseDraft(result.text);
    drafts.push({
      id: `gen-${i + 1}`,
      question: draft.question,
      answers: draft.answer ? [draft.answer] : [],
      goldDocs: [passage.docName],
      goldPassage: passage.text,
      parsed: draft.parsed,
      ...(passage.chunkId === undefined ? {} : { chunkId: passage.chunkId }),
    });
    options.onDraft?.(drafts.length);
  }
  return drafts;
}
