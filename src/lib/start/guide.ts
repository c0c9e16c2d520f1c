// The guided path's progress, read from what the app holds (documents, answers, comparisons), never
// from which buttons were clicked. Pure, so each step's rule is unit-tested.

export type StepId = 'library' | 'chat' | 'compare' | 'freshness';

export interface GuideFacts {
  /** The sample library's file names (its index). */
  sampleNames: readonly string[];
  documents: readonly { name: string; editedAt?: number | undefined }[];
  /** The open conversation's messages, in order. */
  messages: readonly { role: string; content: string; status?: string; rag?: { on: boolean } }[];
  /** Saved comparisons (newest first or any order). */
  comparisons: readonly { question: string; armCount: number; createdAt: number }[];
  /** The comparison on screen: its arms' contexts and models, and whether it finished. */
  current?: { question: string; done: boolean; models: number; contexts: readonly string[] };
  /** The freshness demo's document and question. */
  freshness: { sampleFile: string; question: string };
}

export type GuideProgress = Record<StepId, boolean>;

/** Whether `question` was answered in full with RAG off and with RAG on in this conversation. */
export function askedBothWays(messages: GuideFacts['messages'], question: string): boolean {
  const modes = new Set<boolean>();
  messages.forEach((m, i) => {
    const asked = messages[i - 1];
    if (m.role !== 'assistant' || m.status === 'interrupted' || m.status === 'streaming') return;
    if (asked?.role === 'user' && asked.content.trim() === question && m.rag) modes.add(m.rag.on);
  });
  return modes.has(true) && modes.has(false);
}

export function guideProgress(facts: GuideFacts, questions: readonly string[]): GuideProgress {
  const names = new Set(facts.documents.map((d) => d.name));
  const library =
    facts.sampleNames.length > 0 && facts.sampleNames.every((name) => names.has(name));
  const chat = questions.some((q) => askedBothWays(facts.messages, q));
  const c = facts.current;
  // The comparison on screen, when it is of a suggested question, is checked in full (it may be
  // running); otherwise a saved one of a suggested question with a whole grid (4 arms) counts.
  const onScreen = !!c && questions.includes(c.question);
  const compare = onScreen
    ? c.done && c.models >= 2 && c.contexts.includes('none') && c.contexts.includes('rag')
    : facts.comparisons.some((x) => questions.includes(x.question) && x.armCount >= 4);
  // Fresh knowledge shown: the demo's question asked before the price was edited and after it.
  const edited = facts.documents.find((d) => d.name === facts.freshness.sampleFile)?.editedAt;
  const asked = facts.comparisons.filter((x) => x.question === facts.freshness.question);
  const freshness =
    edited !== undefined &&
    asked.some((x) => x.createdAt < edited) &&
    asked.some((x) => x.createdAt > edited);
  return { library, chat, compare, freshness };
}

/** The first step not done yet (undefined when all are). */
export function nextStep(progress: GuideProgress): StepId | undefined {
  return (['library', 'chat', 'compare', 'freshness'] as const).find((s) => !progress[s]);
}
