// A streaming Server-Sent Events parser (the WHATWG event-stream rules) for bytes as they arrive:
// any split point, UTF-8 characters cut across network chunks, LF, CRLF or CR line ends, comments
// (`: ping` keep-alives), `event:` names and multi-line `data:`. Written here rather than taken from
// eventsource-parser because it is ~80 lines, bytes-in (that package wants decoded strings, so the
// UTF-8 and CR-at-chunk-end cases would still be ours) and must also keep llama.cpp's old
// non-standard `error: {…}` lines, which a spec parser drops as an unknown field.

export interface SseEvent {
  /** The `event:` name, 'message' when none was given; 'error' for llama.cpp's `error:` lines. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
}

const LF = 10;

export class SseParser {
  readonly #decoder = new TextDecoder('utf-8');
  /** Text after the last line end, waiting for the rest of its line. */
  #partial = '';
  /** The previous text ended in CR: an LF that starts the next one belongs to that line end. */
  #afterCr = false;
  #data: string[] = [];
  #event = '';
  /** Comment lines seen (keep-alives), for tests and diagnostics. */
  comments = 0;

  /** Feeds bytes (or already-decoded text); returns the events they complete, in order. */
  push(chunk: Uint8Array | string): SseEvent[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    return this.#lines(text);
  }

  /** The stream ended: a last event without its blank line is still delivered (servers do that). */
  end(): SseEvent[] {
    const out = this.#lines(this.#decoder.decode());
    if (this.#partial) this.#line(this.#partial, out);
    this.#partial = '';
    this.#dispatch(out);
    return out;
  }

  #lines(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let start = 0;
    if (this.#afterCr && text.charCodeAt(0) === LF) start = 1;
    this.#afterCr = false;
    // indexOf finds line ends far faster than a loop over every character (bench:generate).
    let lf = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    while (lf >= 0 || cr >= 0) {
      const atCr = cr >= 0 && (lf < 0 || cr < lf);
      const end = atCr ? cr : lf;
      this.#line(this.#partial + text.slice(start, end), out);
      this.#partial = '';
      start = end + 1;
      if (atCr) {
        if (start === text.length) this.#afterCr = true;
        else if (text.charCodeAt(start) === LF) start++;
      }
      if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
    }
    this.#partial += text.slice(start);
    return out;
  }

  #line(line: string, out: SseEvent[]): void {
    if (line === '') return this.#dispatch(out);
    if (line.charCodeAt(0) === 58 /* ':' */) {
      this.comments++;
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'error') {
      // llama.cpp (before 2025) wrote stream errors as `error: {json}` lines.
      this.#event = 'error';
      this.#data.push(value);
    }
    // id and retry serve reconnection, which a POST stream never does; other fields are ignored.
  }

  #dispatch(out: SseEvent[]): void {
    if (this.#data.length > 0) {
      out.push({ event: this.#event || 'message', data: this.#data.join('\n') });
    }
    this.#data = [];
    this.#event = '';
  }
}
