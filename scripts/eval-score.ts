// `npm run eval:score -- --gold FILE --pred FILE`: SQuAD v1.1 exact match and F1 of predictions
// against gold answers, through the app's own src/lib/eval/squad.ts. Prints a summary, then as its
// last line one JSON object {exact_match, f1 (0–100, as evaluate-v1.1.py), count, missing, extra}.
// --gold: a SQuAD v1.1 JSON file, or JSONL lines {"_id", "answers": [strings or {text}]}.
// --pred: a JSON object of question id → predicted text. Bad input: a message and exit code 1.
import { readFileSync } from 'node:fs';
import { RagtuneError } from '../src/lib/errors';
import { evaluateQuestions } from '../src/lib/eval/squad';
import { parseGoldFile, parsePredictionsFile } from '../src/lib/eval/squadFiles';

const USAGE = 'Usage: npm run eval:score -- --gold GOLD.json|GOLD.jsonl --pred PREDICTIONS.json';

class UsageError extends Error {}

/** `--name value` or `--name=value`. */
function option(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === `--${name}`) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`--${name} needs a file name.`);
      }
      return value;
    }
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`Cannot read the ${what} file ${path} (${reason}).`);
  }
}

function main(args: readonly string[]): void {
  const unknown = args.find(
    (arg) => arg.startsWith('--') && !/^--(gold|pred)(=|$)/.test(arg) && arg !== '--help',
  );
  if (args.includes('--help')) {
    console.log(USAGE);
    return;
  }
  if (unknown) throw new UsageError(`Unknown option ${unknown}.`);
  const goldPath = option(args, 'gold');
  const predPath = option(args, 'pred');
  if (!goldPath || !predPath) throw new UsageError('Both --gold and --pred are needed.');

  const started = performance.now();
  const questions = parseGoldFile(readText(goldPath, 'gold'), goldPath);
  const predictions = parsePredictionsFile(readText(predPath, 'predictions'), predPath);
  const result = evaluateQuestions(questions, predictions);
  const goldIds = new Set(questions.map((question) => question.id));
  const extra = Object.keys(predictions).filter((id) => !goldIds.has(id)).length;
  const ms = performance.now() - started;

  console.log(`gold:        ${goldPath} (${questions.length} questions)`);
  console.log(`predictions: ${predPath} (${Object.keys(predictions).length} answers)`);
  if (result.missing.length > 0) {
    const shown = result.missing.slice(0, 10).join(', ');
    const more = result.missing.length > 10 ? ` and ${result.missing.length - 10} more` : '';
    console.log(`missing:     ${result.missing.length}, each scored 0 (${shown}${more})`);
  }
  if (extra > 0)
    console.log(`extra:       ${extra} predictions for ids not in the gold file (ignored)`);
  console.log(`exact match: ${result.exact_match.toFixed(2)}`);
  console.log(`F1:          ${result.f1.toFixed(2)}`);
  console.log(`time:        ${ms.toFixed(0)} ms`);
  console.log(
    JSON.stringify({
      exact_match: result.exact_match,
      f1: result.f1,
      count: result.count,
      missing: result.missing.length,
      extra,
    }),
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof RagtuneError) {
    console.error(`eval:score: ${error.message}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(1);
  }
  throw error;
}
