// Steps shared by the specs that check retrieval's choices: a long Markdown document whose chunks
// are told apart by heading, and a chat question sent by clicking Send.
import { expect, type Locator, type Page } from '@playwright/test';

const THINGS = ['quay', 'nets', 'gulls', 'rope', 'crane', 'barrel', 'sail', 'anchor', 'buoy'];

/**
 * `# title` then `## Watch 1` … `## Watch n`, each about 150 tokens of plain sentences (two do not
 * fit in one 200-token chunk, so each watch is its own chunk). `extra[n]` goes in the middle of
 * watch n, away from its last sentences (the overlap the next chunk repeats).
 */
export function longDocument(
  title: string,
  watches: number,
  extra: Record<number, string>,
): string {
  const sections = Array.from({ length: watches }, (_, index) => {
    const n = index + 1;
    const sentences = Array.from({ length: 8 }, (_, i) => {
      const a = THINGS[(n + i) % THINGS.length];
      const b = THINGS[(n + 2 * i + 1) % THINGS.length];
      const c = THINGS[(n + 3 * i + 2) % THINGS.length];
      return `On watch ${n} the ${a} and the ${b} are checked before the ${c} is logged in the book.`;
    });
    if (extra[n]) sentences.splice(3, 0, extra[n]);
    return `## Watch ${n}\n\n${sentences.join(' ')}`;
  });
  return `# ${title}\n\n${sections.join('\n\n')}\n`;
}

export async function showChat(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Chat' })
    .click();
  await expect(page.getByTestId('chat-input')).toBeVisible();
}

/** Writes the question, clicks Send and waits for the answer to end; returns its card. */
export async function askByClick(page: Page, question: string): Promise<Locator> {
  const answers = page.getByTestId('answer');
  const before = await answers.count();
  await page.getByTestId('chat-input').fill(question);
  await page.getByRole('button', { name: 'Send' }).click();
  const answer = answers.nth(before);
  await expect(answer).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  return answer;
}

/** The index of the viewer's chunk whose text is exactly `text` (-1 when none is). */
export async function chunkIndexOf(viewer: Locator, text: string): Promise<number> {
  const texts = await viewer.getByTestId('viewer-chunk').locator('p').allTextContents();
  return texts.indexOf(text);
}

/**
 * Exactly one chunk is highlighted, the `index`-th, and the Full text marks exactly `text`;
 * returns the whole text shown and where the mark starts in it.
 */
export async function expectOpenedAt(
  viewer: Locator,
  index: number,
  text: string,
): Promise<{ shown: string; markAt: number }> {
  const chunks = viewer.getByTestId('viewer-chunk');
  await expect(viewer.locator('[data-testid="viewer-chunk"][data-current="true"]')).toHaveCount(1);
  await expect(chunks.nth(index)).toHaveAttribute('data-current', 'true');
  await viewer.getByRole('button', { name: 'Full text' }).click();
  const shownText = viewer.getByTestId('viewer-text');
  const marks = shownText.locator('mark');
  await expect(marks).toHaveCount(1);
  expect(await marks.textContent()).toBe(text);
  const markAt = await marks.evaluate((mark) => {
    const range = document.createRange();
    range.setStart(mark.parentElement as Element, 0);
    range.setEndBefore(mark);
    return range.toString().length;
  });
  return { shown: (await shownText.textContent()) ?? '', markAt };
}
