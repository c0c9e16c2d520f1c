// The decoding settings every answer is generated with: the chat's, a comparison's arms' and a
// question-set run's (and the seed of drafted questions). One state shared by all of them, created
// once in App.svelte, so the lab's settings no longer live in the chat's state. Not persisted:
// a run records its own copy (Comparison.decoding, Experiment.decoding), in the same shape as before.
import {
  DEFAULT_DECODING,
  clampDecoding,
  decodingError,
  decodingProblem,
  type DecodingKey,
  type DecodingSettings,
} from '../generate/decoding';

export class GenerationSettings {
  /** Bound field by field to the settings panel; may hold a bad value until it is fixed. */
  decoding = $state<DecodingSettings>({ ...DEFAULT_DECODING });

  constructor(initial: DecodingSettings = DEFAULT_DECODING) {
    this.decoding = { ...initial };
  }

  /** The first bad value and its message, or undefined when every value is valid. */
  get problem(): { key: DecodingKey; message: string } | undefined {
    return decodingProblem(this.decoding);
  }

  /** The sentence a refused question or run shows, or undefined when the settings are valid. */
  get error(): string | undefined {
    return decodingError(this.decoding);
  }

  /** What a run sends and records: a plain copy, every value within the engines' ranges. */
  snapshot(): DecodingSettings {
    return clampDecoding($state.snapshot(this.decoding));
  }

  reset(): void {
    this.decoding = { ...DEFAULT_DECODING };
  }
}
