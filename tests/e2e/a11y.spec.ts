// Accessibility: every view passes axe in light and dark themes, on a laptop and a phone width.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { addFiles, openApp, searchFor, showView, textFile } from './app';

for (const theme of ['light', 'dark'] as const) {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    test(`axe finds nothing in ${theme} theme at ${viewport.width}px`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.addInitScript((t) => localStorage.setItem('ragtune-theme', t), theme);
      await openApp(page);
      await addFiles(page, [
        textFile('keeper.md', '# Keeper\n\nThe keeper rings the fog bell during storms.'),
      ]);
      const scan = async () => {
        const { violations } = await new AxeBuilder({ page }).analyze();
        expect(
          violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        ).toEqual([]);
      };
      await scan();
      await searchFor(page, 'fog bell', 'Hybrid');
      await expect(page.getByTestId('result').first()).toBeVisible();
      await scan();
      await page.getByTestId('result').first().getByRole('button', { name: 'keeper.md' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await scan();
      await page.keyboard.press('Escape');
      await showView(page, 'Settings');
      await scan();
      await showView(page, 'Compare');
      // The freshness demo is open in front (not folded away).
      await expect(page.getByTestId('freshness-demo')).toHaveAttribute('open', '');
      await scan();
      await showView(page, 'Evaluate');
      await page.getByRole('tab', { name: 'Question sets (answers)' }).click();
      await scan();
      await page.getByRole('tab', { name: 'Retrieval (BEIR)' }).click();
      await scan();
    });
  }
}
