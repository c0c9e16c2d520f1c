// The text html.ts writes: whitespace collapsed, preformatted text kept, literal Markdown markup,
// and never more line breaks than asked for.

/** Accumulates text, collapsing whitespace and never writing more line breaks than asked for. */
export class TextBuilder {
  private readonly parts: string[] = [];
  /** Line breaks at the end of the output; starts high so nothing is written before the text. */
  private trailingNewlines = 2;
  private pendingSpace = false;

  text(data: string, preformatted: boolean): void {
    if (preformatted) {
      if (data === '') return;
      this.flushSpace();
      this.parts.push(data);
      const tail = /\n*$/.exec(data)?.[0].length ?? 0;
      this.trailingNewlines = tail === data.length ? this.trailingNewlines + tail : tail;
      return;
    }
    const collapsed = data.replace(/\s+/g, ' ');
    if (collapsed === '') return;
    if (collapsed.startsWith(' ')) this.space();
    const word = collapsed.trim();
    if (word === '') return;
    this.flushSpace();
    this.parts.push(word);
    this.trailingNewlines = 0;
    this.pendingSpace = collapsed.endsWith(' ');
  }

  /** Writes literal markup such as '## ' or '- ' (always at the start of a line). */
  raw(markup: string): void {
    this.pendingSpace = false;
    this.parts.push(markup);
    this.trailingNewlines = 0;
  }

  space(): void {
    if (this.trailingNewlines === 0) this.pendingSpace = true;
  }

  /** Ends the current line; `blank` also leaves an empty line (a paragraph break). */
  newline(blank = false): void {
    this.pendingSpace = false;
    const wanted = blank ? 2 : 1;
    if (this.trailingNewlines >= wanted) return;
    this.parts.push('\n'.repeat(wanted - this.trailingNewlines));
    this.trailingNewlines = wanted;
  }

  private flushSpace(): void {
    if (this.pendingSpace && this.trailingNewlines === 0) this.parts.push(' ');
    this.pendingSpace = false;
  }

  toString(): string {
    return this.parts.join('');
  }
}
