// A conversation as a file a person keeps: Markdown (questions, answers, model, RAG on/off,
// sources as footnotes, timings) or JSON (the whole stored record, prompts included).
import { ENGINE_LABELS } from '../generate/engines';
import type { GenerationStats } from '../generate/Generator';
import { replaceCitations } from '../rag/citations';
import { contextModeOf, documentsCount, historyNote } from './ragLabel';
import { sourceLabel } from '../rag/sources';
import { searchSummary } from '../library/searchWords';
import { safeName } from '../render/safeName';
import type { ChatMessage, ChatSource, Conversation } from './types';

export interface ExportOptions {
  /** The export time (default now). */
  now?: number;
}

export const CONVERSATION_FORMAT = 'ragtune.conversation';
export const CONVERSATION_FORMAT_VERSION = 1;
const EXCERPT_LENGTH = 300;
/** The same facts as the chat's pill (chat/ragLabel.ts), in the export's wording. */
const RAG_OFF_TEXT = {
  'document-text': 'RAG off, history holds document text',
  'left-out': 'RAG off, earlier answers from documents left out',
  none: 'RAG off',
} as const;

/** "2025-01-02 10:00 UTC": the same in every time zone, so exports compare. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** "120 prompt + 8 answer tokens · first token 0.31 s · 25.4 tokens/s · total 0.62 s (…)". */
export function formatStats(stats: GenerationStats): string {
  const parts = [`${stats.promptTokens} prompt + ${stats.completionTokens} answer tokens`];
  if (Number.isFinite(stats.timeToFirstTokenMs)) {
    parts.push(`first token ${seconds(stats.timeToFirstTokenMs)}`);
  }
  if (Number.isFinite(stats.decodeTokensPerS) && stats.decodeTokensPerS > 0) {
    parts.push(`${stats.decodeTokensPerS.toFixed(1)} tokens/s`);
  }
  if (Number.isFinite(stats.totalMs)) parts.push(`total ${seconds(stats.totalMs)}`);
  const source = stats.timingSource === 'engine' ? 'measured by the engine' : 'approximate';
  return `${parts.join(' · ')} (${source})`;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…` : line;
}

/** Text that must stay literal in Markdown (titles, labels): no accidental emphasis or links. */
function literal(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

function describeAnswer(message: ChatMessage): string {
  const parts: string[] = [];
  if (message.model) {
    parts.push(`model \`${message.model.id}\` (${ENGINE_LABELS[message.model.engine]})`);
  }
  const rag = message.rag;
  if (!rag) parts.push('RAG not recorded');
  else if (!rag.on) parts.push(RAG_OFF_TEXT[historyNote(rag)]);
  else if (contextModeOf(rag) === 'full') parts.push(`Full documents, ${documentsCount(rag)}`);
  else if (rag.noneFound || rag.sources.length === 0) parts.push('RAG on, no sources found');
  else {
    const search = rag.search ? ` from a ${searchSummary(rag.search)}` : '';
    parts.push(
      `RAG on, ${rag.sources.length} source${rag.sources.length === 1 ? '' : 's'}${search}`,
    );
  }
  return `_${parts.join(' · ')}_`;
}

function sourceLine(source: ChatSource): string {
  const score = Number.isFinite(source.score) ? ` (score ${source.score.toFixed(3)})` : '';
  return `**${literal(sourceLabel(source))}**${score}: “${excerpt(source.text)}”`;
}

/** The answer with its [n] as footnote references [^answer-n], then those footnotes. */
function answerWithFootnotes(message: ChatMessage, answer: number): string[] {
  const sources = message.rag?.on ? message.rag.sources : [];
  const label = (n: number) => `[^${answer}-${n}]`;
  const cited = new Set<number>();
  const text = replaceCitations(message.content, sources.length, (mark) => {
    mark.numbers.forEach((n) => cited.add(n));
    return mark.numbers.map(label).join('');
  });
  const lines = [text.trim() || '_(no answer)_'];
  const notes = sources.filter((s) => cited.has(s.n)).map((s) => `${label(s.n)}: ${sourceLine(s)}`);
  const others = sources.filter((s) => !cited.has(s.n)).map((s) => `- [${s.n}] ${sourceLine(s)}`);
  if (notes.length > 0) lines.push(notes.join('\n'));
  if (others.length > 0) lines.push(`Also retrieved, not cited:\n\n${others.join('\n')}`);
  return lines;
}

function answerBlock(message: ChatMessage, answer: number): string[] {
  const lines = ['### Answer', describeAnswer(message), ...answerWithFootnotes(message, answer)];
  if (message.stopped) lines.push('_Stopped before the end._');
  if (message.status === 'interrupted')
    lines.push('_Interrupted: a partial answer (the page closed before it ended)._');
  if (message.error) lines.push(`> **Error:** ${message.error}`);
  if (message.stats) lines.push(`_Timings: ${formatStats(message.stats)}_`);
  return lines;
}

/** The conversation as Markdown: each question, then each answer with its sources as footnotes. */
export function conversationToMarkdown(
  conversation: Conversation,
  options: ExportOptions = {},
): string {
  const now = options.now ?? Date.now();
  const blocks: string[] = [
    `# ${literal(safeName(conversation.title))}`,
    `_Exported from ragtune on ${formatTime(now)} · started ${formatTime(conversation.createdAt)}_`,
  ];
  let questions = 0;
  let answers = 0;
  for (const message of conversation.messages) {
    if (message.role === 'user') {
      questions++;
      blocks.push(`## Question ${questions}`, message.content.trim());
    } else if (message.role === 'assistant') {
      answers++;
      blocks.push(...answerBlock(message, answers));
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

/** The whole stored record, prompts and stats included, with a format tag for importers. */
export function conversationToJson(
  conversation: Conversation,
  options: ExportOptions = {},
): string {
  const exportedAt = new Date(options.now ?? Date.now()).toISOString();
  const file = {
    format: CONVERSATION_FORMAT,
    version: CONVERSATION_FORMAT_VERSION,
    exportedAt,
    conversation,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** "per-diem-questions-2025-01-02.md": the title as a safe file name, then the date. */
export function exportFileName(conversation: Conversation, extension: 'md' | 'json'): string {
  const slug = conversation.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const date = new Date(conversation.updatedAt).toISOString().slice(0, 10);
  return `${slug || 'conversation'}-${date}.${extension}`;
}
