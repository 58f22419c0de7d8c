import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/support/chromium';

const PORT = Number(process.env.STATREAD_E2E_PORT ?? 4173);
// The test build (with the test hooks, STATREAD_TEST_HOOKS=1) goes to its own folder, never to dist/.
const OUT_DIR = process.env.STATREAD_E2E_OUT_DIR ?? 'dist-e2e';
// e2e/pacs-proxy-down.spec.ts serves this same build with vite preview servers of its own.
process.env.STATREAD_E2E_DIST ??= OUT_DIR;
// The PACS specs' Orthanc (scripts/pacsTestServer.ts); the preview server proxies /dicomweb to it.
const PACS_PORT = Number(process.env.STATREAD_PACS_TEST_PORT ?? 18142);
process.env.STATREAD_PACS_TEST_PORT = String(PACS_PORT);

// End-to-end tests run against a production-mode build served statically by `vite preview` (which also checks the
// "the build is a static site" contract); it differs from `npm run build` only by the test hooks, and
// scripts/check-dist-hooks.sh checks that dist/ has none.
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1400, height: 900 },
    trace: 'off',
    // The built app registers a service worker (src/sw); page.route() cannot see requests it answers, and
    // the specs route models/ per test. Only e2e/hardening-offline.spec.ts allows it.
    serviceWorkers: 'block',
  },
  webServer: [
    {
      command: `npx vite build --outDir ${OUT_DIR} --emptyOutDir && npx vite preview --outDir ${OUT_DIR} --host 127.0.0.1 --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      env: { STATREAD_PACS_URL: `http://127.0.0.1:${PACS_PORT}/dicom-web`, STATREAD_TEST_HOOKS: '1' },
    },
    {
      // Real Orthanc with a fresh storage folder, stopped at the end (a placeholder that makes the PACS specs skip
      // when Orthanc is not installed outside CI).
      // One node process (no npx/tsx wrapper in between), so Playwright's SIGTERM reaches the script's handler.
      command: `node --import tsx scripts/pacsTestServer.ts --port ${PACS_PORT}`,
      url: `http://127.0.0.1:${PACS_PORT}/system`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
});
