// Chat-template quirks of WebLLM 0.2.86's models that change what we send: Gemma has no system
// role, and WebLLM glues a system message on as raw text before the first turn.
import type { ChatMessage } from '../Generator';

/** Gemma's template (gemma_instruction) has no system turn. */
export const foldsSystem = (id: string): boolean => /(^|\/)gemma/i.test(id);

/** The system text moved into the first user message, as Gemma's own docs advise. */
export function foldSystem(messages: readonly ChatMessage[]): ChatMessage[] {
  const system = messages.filter((m) => m.role === 'system');
  if (system.length === 0) return [...messages];
  const rest = messages.filter((m) => m.role !== 'system');
  const first = rest.findIndex((m) => m.role === 'user');
  if (first < 0) return [...messages];
  const text = system.map((m) => m.content).join('\n\n');
  return rest.map((m, i) => (i === first ? { ...m, content: `${text}\n\n${m.content}` } : m));
}
