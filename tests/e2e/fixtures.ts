// The `test` every spec uses: Playwright's, plus an automatic audit of every request of every page
// and worker in the test's browser context. A request that would leave 127.0.0.1 fails the test.
import { test as base } from '@playwright/test';
import { NetworkAudit } from './networkAudit';

export { chromium, expect, type Locator, type Page } from '@playwright/test';

export const test = base.extend<{ networkAudit: NetworkAudit }>({
  networkAudit: [
    async ({ context }, use) => {
      const audit = new NetworkAudit();
      // Registered before the test's own routes, so those run first: a request a test fulfils or
      // aborts itself never reaches the network and is not audited; every other one comes here.
      await context.route('**/*', (route) =>
        audit.check(route.request().url()) ? route.abort('blockedbyclient') : route.fallback(),
      );
      await use(audit);
      const failure = audit.report();
      if (failure) throw new Error(failure);
    },
    { auto: true },
  ],
});
