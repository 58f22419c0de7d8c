// One page per worker for the parametrised conformance specs (one test per file, ~45 files): booting the app costs
// ~6 s of a two-core machine (5.5 MB bundle, Cornerstone, model), far more than opening and checking one file, so
// these tests open their file in the page the previous one used, after Close all (StatReadPage.openOrReset).
// Specs that check anything about a fresh page keep Playwright's own `page`.
import { test as base, type Page } from '@playwright/test';

export const test = base.extend<object, { sharedPage: Page }>({
  sharedPage: [
    async ({ browser }, use, workerInfo) => {
      const u = workerInfo.project.use;
      const context = await browser.newContext({ baseURL: u.baseURL, viewport: u.viewport, serviceWorkers: 'block' });
      const page = await context.newPage();
      await use(page);
      await context.close();
    },
    { scope: 'worker' },
  ],
});
