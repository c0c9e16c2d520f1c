// Checks a chat JSONL file against what each fine-tuning tool documents for the "messages"
// format, so an export is refused here rather than by a training job hours later. The Python kit's
// validate_jsonl.py applies the same rules (tests feed both the same exported file).

export const TRAINING_TARGETS = ['openai', 'trl', 'axolotl', 'llama-factory'] as const;
export type TrainingTarget = (typeof TRAINING_TARGETS)[number];

export const TARGET_LABELS: Record<TrainingTarget, string> = {
  openai: 'OpenAI fine-tuning (chat)',
  trl: 'TRL / Unsloth SFTTrainer (conversational)',
  axolotl: 'Axolotl (type: chat_template, field_messages: messages)',
  'llama-factory': 'LLaMA-Factory (formatting: sharegpt, OpenAI-style tags)',
};

/** OpenAI rejects a training file with fewer examples than this. */
export const OPENAI_MIN_EXAMPLES = 10;

interface Rules {
  roles: readonly string[];
  /** Keys a message may carry besides role and content. */
  messageKeys: readonly string[];
  /** Keys a line may carry besides messages. */
  lineKeys: readonly string[];
  /** Optional system first, then user/assistant strictly alternating, ending with assistant. */
  alternating: boolean;
  minExamples: number;
}

const RULES: Record<TrainingTarget, Rules> = {
  // platform.openai.com "Preparing your dataset": messages with role system/user/assistant/tool,
  // optional name and weight (0 or 1), at least one assistant message, at least 10 examples.
  openai: {
    roles: ['system', 'developer', 'user', 'assistant', 'tool'],
    messageKeys: ['name', 'weight', 'tool_calls', 'tool_call_id'],
    lineKeys: ['tools', 'parallel_tool_calls'],
    alternating: false,
    minExamples: OPENAI_MIN_EXAMPLES,
  },
  // TRL's conversational dataset: {"messages": [{"role", "content"}…]} through the chat template.
  trl: {
    roles: ['system', 'user', 'assistant', 'tool'],
    messageKeys: [],
    lineKeys: [],
    alternating: false,
    minExamples: 1,
  },
  // Axolotl chat_template: role/content properties; default role names system/user/assistant/tool.
  axolotl: {
    roles: ['system', 'user', 'assistant', 'tool'],
    messageKeys: [],
    lineKeys: [],
    alternating: false,
    minExamples: 1,
  },
  // LLaMA-Factory sharegpt: system only first; user at odd and assistant at even positions.
  'llama-factory': {
    roles: ['system', 'user', 'assistant'],
    messageKeys: [],
    lineKeys: [],
    alternating: true,
    minExamples: 1,
  },
};

export interface JsonlCheck {
  examples: number;
  /** Each problem names its line ("line 3: messages[1].role …"); empty when the file is valid. */
  problems: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkMessages(messages: unknown[], rules: Rules): string[] {
  const problems: string[] = [];
  const roles: string[] = [];
  messages.forEach((m, i) => {
    if (!isObject(m)) return void problems.push(`messages[${i}] must be an object`);
    if (typeof m.role !== 'string' || !rules.roles.includes(m.role))
      problems.push(`messages[${i}].role must be one of ${rules.roles.join(', ')}`);
    else roles.push(m.role);
    if (typeof m.content !== 'string' || m.content.trim() === '')
      problems.push(`messages[${i}].content must be text that is not empty`);
    for (const key of Object.keys(m))
      if (key !== 'role' && key !== 'content' && !rules.messageKeys.includes(key))
        problems.push(`messages[${i}] has an unknown key “${key}”`);
    if (m.weight !== undefined && m.weight !== 0 && m.weight !== 1)
      problems.push(`messages[${i}].weight must be 0 or 1`);
  });
  if (!roles.includes('assistant')) problems.push('has no assistant message to learn from');
  if (rules.alternating) {
    const turns = roles[0] === 'system' ? roles.slice(1) : roles;
    const wrong = turns.findIndex((r, i) => r !== (i % 2 === 0 ? 'user' : 'assistant'));
    if (wrong >= 0 || turns.length % 2 !== 0)
      problems.push(
        'must be an optional system message, then user and assistant turns in turn, ending with assistant',
      );
  } else if (roles.at(-1) !== 'assistant') problems.push('must end with an assistant message');
  return problems;
}

/** Every line of `text` against `target`'s rules; blank lines are not allowed (OpenAI refuses them). */
export function checkJsonl(text: string, target: TrainingTarget): JsonlCheck {
  const rules = RULES[target];
  const problems: string[] = [];
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  let examples = 0;
  lines.forEach((line, i) => {
    const at = `line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return void problems.push(`${at}: is not JSON`);
    }
    if (!isObject(value)) return void problems.push(`${at}: must be a JSON object`);
    for (const key of Object.keys(value))
      if (key !== 'messages' && !rules.lineKeys.includes(key))
        problems.push(`${at}: has an unknown key “${key}”`);
    if (!Array.isArray(value.messages) || value.messages.length === 0)
      return void problems.push(`${at}: messages must be a list that is not empty`);
    examples++;
    for (const p of checkMessages(value.messages, rules)) problems.push(`${at}: ${p}`);
  });
  if (text === '') problems.splice(0, problems.length);
  if (examples < rules.minExamples)
    problems.push(
      `has ${examples} example${examples === 1 ? '' : 's'}; ${TARGET_LABELS[target]} needs at least ${rules.minExamples}`,
    );
  return { examples, problems };
}
