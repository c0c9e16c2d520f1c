// The rules of a number field (range, whole or not, spinner step) and the sentence that names a
// bad value. Pure, so every form checks the same way and unit tests import it.
export interface NumberRule {
  /** The field's label, as the message names it ("Top-p"). */
  label: string;
  min: number;
  max?: number;
  /** The spinner's increment; the default must sit on min + k·step (else browsers flag it). */
  step: number;
  integer?: boolean;
  /** An empty field is allowed (and means "no limit" or "all"). */
  optional?: boolean;
}

/** The rule in words: "Top-p must be between 0.01 and 1". */
export function ruleText(rule: NumberRule): string {
  const kind = rule.integer ? ' a whole number' : '';
  const range =
    rule.max === undefined
      ? `${kind || ' a number'} of ${rule.min} or more`
      : `${kind} between ${rule.min} and ${rule.max}`;
  return `${rule.label} must be${range}${rule.optional ? ', or empty' : ''}`;
}

/** Undefined when the value passes the rule; else the sentence to show beside the field. */
export function numberProblem(value: unknown, rule: NumberRule): string | undefined {
  const empty = value === null || value === undefined || value === '';
  if (empty) return rule.optional ? undefined : ruleText(rule);
  if (typeof value !== 'number' || !Number.isFinite(value)) return ruleText(rule);
  if (value < rule.min || (rule.max !== undefined && value > rule.max)) return ruleText(rule);
  if (rule.integer && !Number.isInteger(value)) return ruleText(rule);
  return undefined;
}

/** True when a browser would accept the value against the input's min and step attributes. */
export function onStepGrid(value: number, rule: NumberRule): boolean {
  const steps = (value - rule.min) / rule.step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}
