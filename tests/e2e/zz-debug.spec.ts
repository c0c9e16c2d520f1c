import { test as plain } from '@playwright/test';
import { test as audited } from './fixtures';
import { openApp } from './app';

for (const [name, t] of [['plain', plain], ['audited', audited]] as const) {
  t(`debug ${name}`, async ({ page }) => {
    page.on('console', (m) => console.log(name, m.type(), m.text().slice(0, 300)));
    page.on('requestfailed', (r) => console.log(name, 'FAILED', r.url(), r.failure()?.errorText));
    await openApp(page).catch((e) => console.log('ERR', String(e).slice(0, 200)));
  });
}
