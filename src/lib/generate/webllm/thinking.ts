// Reasoning models: which ones think before answering, and a splitter that keeps their
// `<think>…</think>` block out of the answer (shown and scored) while keeping it to view.

/**
 * 'hybrid': thinks unless the request sends `enable_thinking: false` (Qwen3's template; WebLLM
 * 0.2.86 then prefills an empty think block, forwardPrefill). 'always': thinks whatever is sent
 * (DeepSeek-R1 distills, QwQ): it needs a larger answer budget. 'none': answers at once.
 */
export type Thinking = 'hybrid' | 'always' | 'none';

/** Reads the kind off a WebLLM id or model name (a custom model: pass its base's id). */
export function thinkingOf(id: string): Thinking {
  if (/(^|\/)Qwen3(\.\d+)?-/i.test(id)) return 'hybrid';
  if (/DeepSeek-R1|QwQ|-Thinking|Phi-4-(mini-)?reasoning/i.test(id)) return 'always';
  return 'none';
}

const OPEN = '<think>';
const CLOSE = '</think>';

/** Whether `text` ends with a proper start of `tag` ("<thi"): held back until the next piece. */
function partialTagAtEnd(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}

/**
 * Splits a streamed answer into what is shown and the reasoning. A think block counts only at the
 * start of the answer (after white space); an always-thinking model's template opens it in the
 * prompt, so its output may start inside the block with no `<think>` of its own.
 */
export class ThinkSplitter {
  #state: 'start' | 'thinking' | 'after' | 'answer';
  #pending = '';
  reasoning = '';
  answer = '';

  constructor(startsThinking = false) {
    this.#state = startsThinking ? 'thinking' : 'start';
  }

  /** Takes the next piece; returns the part of the answer it reveals (may be ''). */
  push(piece: string): string {
    let text = this.#pending + piece;
    this.#pending = '';
    let shown = '';
    while (text) {
      if (this.#state === 'start') {
        const trimmed = text.trimStart();
        if (trimmed.startsWith(OPEN)) {
          this.#state = 'thinking';
          text = trimmed.slice(OPEN.length);
          continue;
        }
        if (trimmed === '' || OPEN.startsWith(trimmed)) {
          this.#pending = text; // white space or the start of "<think>": wait for more
          return shown;
        }
        this.#state = 'answer';
      }
      if (this.#state === 'thinking') {
        const end = text.indexOf(CLOSE);
        if (end < 0) {
          const held = partialTagAtEnd(text, CLOSE);
          this.reasoning += text.slice(0, text.length - held);
          this.#pending = text.slice(text.length - held);
          return shown;
        }
        this.reasoning += text.slice(0, end);
        text = text.slice(end + CLOSE.length);
        this.#state = 'after';
        continue;
      }
      if (this.#state === 'after') {
        // The blank lines after the block are the template's, not the answer's.
        text = text.trimStart();
        if (!text) return shown;
        this.#state = 'answer';
      }
      shown += text;
      this.answer += text;
      text = '';
    }
    return shown;
  }

  /** The end of the stream: text held back is what it was (an unclosed block stays reasoning). */
  finish(): { shown: string; answer: string; reasoning: string; thinking: boolean } {
    const rest = this.#pending;
    this.#pending = '';
    const thinking = this.#state === 'thinking';
    if (thinking) this.reasoning += rest;
    else this.answer += rest;
    return {
      shown: thinking ? '' : rest,
      answer: this.answer,
      reasoning: this.reasoning.trim(),
      thinking,
    };
  }
}
