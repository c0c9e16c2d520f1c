// Checks that a value parsed from an untrusted file has the shape a type promises, failing with
// the path of the first wrong field (“results[3].answer.text must be text”). Used to read
// exported experiments back in.
import { RagtuneError } from '../errors';
import { describeRange, inRange, type NumberRange } from '../settings/ranges';

type Fail = (path: string, what: string) => never;

/** A reader of one file: each check returns the value typed, or throws naming `path`. */
export class Shape {
  readonly #fail: Fail;

  constructor(fileName: string, hint: string) {
    this.#fail = (path, what) => {
      throw new RagtuneError('invalid-dataset', `${fileName}: ${path} ${what}. ${hint}`);
    };
  }

  fail(path: string, what: string): never {
    return this.#fail(path, what);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.#fail(path, 'must be an object');
    }
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.#fail(path, 'must be a list');
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.#fail(path, 'must be text');
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number') this.#fail(path, 'must be a number');
    return value;
  }

  /** A number inside `r` (the range the UI enforces), naming the field and the range if not. */
  inRange(value: unknown, r: NumberRange, path: string): number {
    const n = this.number(value, path);
    if (!inRange(n, r)) this.#fail(path, `is ${n}; ${r.label} must be ${describeRange(r)}`);
    return n;
  }

  /** A count or a time: a finite number, 0 or more (`whole`: an integer). */
  count(value: unknown, path: string, whole = true): number {
    const n = this.number(value, path);
    if (!Number.isFinite(n) || n < 0 || (whole && !Number.isInteger(n))) {
      this.#fail(path, `is ${n}; it must be ${whole ? 'a whole number, ' : 'a number, '}0 or more`);
    }
    return n;
  }

  /** A measured figure: JSON writes NaN and ±Infinity as null, so null reads back as NaN. */
  figure(value: unknown, path: string): number {
    return value === null ? NaN : this.count(value, path, false);
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.#fail(path, 'must be true or false');
    return value;
  }

  oneOf<T extends string>(value: unknown, choices: readonly T[], path: string): T {
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      this.#fail(path, `must be one of ${choices.map((c) => `“${c}”`).join(', ')}`);
    }
    return value as T;
  }

  strings(value: unknown, path: string): string[] {
    return this.array(value, path).map((item, i) => this.string(item, `${path}[${i}]`));
  }

  /** Runs `check` when the field is present (not undefined). */
  optional<T>(value: unknown, check: (value: unknown) => T): T | undefined {
    return value === undefined ? undefined : check(value);
  }
}
