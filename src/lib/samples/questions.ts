// Questions that go with the sample library (public/samples): each names the file that answers it
// and the answer, so the guided path can offer them and a person can check a reply at a glance.

export interface SuggestedQuestion {
  question: string;
  /** The sample file that holds the answer. */
  sampleFile: string;
  /** The answer as the document states it. */
  answer: string;
}

export const SUGGESTED_QUESTIONS: readonly SuggestedQuestion[] = [
  {
    question: 'What is the nightly hotel cap in London for Lumen Labs staff?',
    sampleFile: 'lumen-labs-travel-policy.md',
    answer: '240 euros',
  },
  {
    question: 'How much power does the Aurora K2 kettle draw?',
    sampleFile: 'aurora-k2-kettle-manual.md',
    answer: '2,200 watts',
  },
  {
    question: 'How long is the Heron Loop in Pinewood Valley?',
    sampleFile: 'pinewood-valley-trails.md',
    answer: '7.2 kilometres',
  },
];
