// Training pairs for the fine-tune tests: six chunks of two documents, fourteen pairs (OpenAI
// needs ten), one with a heading path and a page, one with a line separator inside its answer.
import type { TrainingPair } from '../../../src/lib/finetune/types';

const POLICY = [
  'The daily meal allowance (per diem) is 62 euros.',
  'For a private car, the mileage rate is 30 cents per kilometre.',
  'Hotel rooms are booked through the travel desk at least a week ahead.',
];
const KETTLE = [
  'The kettle boils a litre of water in three minutes.',
  'Descale the kettle every month with citric acid.',
  'The kettle switches itself off when it is lifted from its base.',
];

const QUESTIONS: [number, string, string][] = [
  [0, 'What is the per diem?', '62 euros'],
  [0, 'How much is the daily meal allowance?', '62 euros'],
  [1, 'What is the mileage rate?', '30 cents per kilometre'],
  [1, 'How much is paid per kilometre for a private car?', '30 cents'],
  [2, 'Who books hotel rooms?', 'the travel desk'],
  [2, 'How early must hotel rooms be booked?', 'at least a week ahead'],
  [3, 'How long does the kettle take to boil a litre?', 'three minutes'],
  [3, 'How much water does the kettle boil in three minutes?', 'a litre'],
  [4, 'How often should the kettle be descaled?', 'every month'],
  [4, 'What is used to descale the kettle?', 'citric acid'],
  [5, 'When does the kettle switch itself off?', 'when it is lifted\u2028from its base'],
  [5, 'Does the kettle switch off when lifted?', 'yes'],
  [2, 'Where are hotel rooms booked?', 'through the travel desk'],
  [0, 'Is the per diem paid in euros?', 'yes, 62 euros'],
];

export function samplePairs(): TrainingPair[] {
  return QUESTIONS.map(([chunk, question, answer], i) => {
    const policy = chunk < 3;
    return {
      id: `pair-${i + 1}`,
      question,
      answer,
      chunkId: `${policy ? 'policy' : 'kettle'}#${chunk % 3}`,
      docName: policy ? 'policy.md' : 'kettle.pdf',
      passage: policy ? POLICY[chunk]! : KETTLE[chunk - 3]!,
      headingPath: policy ? ['Travel policy', chunk === 1 ? 'Cars' : 'Meals'] : [],
      ...(policy ? {} : { page: chunk - 2 }),
    };
  });
}
