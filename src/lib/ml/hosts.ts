// Where models come from by default. Kept apart from transformers.ts so the page can name the
// hub without loading the ML library into the main bundle.
export const HF_HUB = 'https://huggingface.co/';
