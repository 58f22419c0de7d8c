import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/support/chromium';
import { NGINX_BIN } from './scripts/nginxTestServer';

const PORT = Number(process.env.STATREAD_E2E_PORT ?? 4173);
// The test build (with the test hooks, STATREAD_TEST_HOOKS=1) goes to its own folder, never to dist/.
const OUT_DIR = process.env.STATREAD_E2E_OUT_DIR ?? 'dist-e2e';
// e2e/pacs-proxy-down.spec.ts and hardening-proxy.spec.ts serve this same build with StatRead servers of their own.
process.env.STATREAD_E2E_DIST ??= OUT_DIR;
// The PACS specs' Orthanc (scripts/pacsTestServer.ts); the StatRead server proxies /dicomweb to it.
const PACS_PORT = Number(process.env.STATREAD_PACS_TEST_PORT ?? 18142);
process.env.STATREAD_PACS_TEST_PORT = String(PACS_PORT);
// The nginx deployment (docs/deploy.md) serves the same build on this port; the "nginx" project runs the specs
// that check what a deployment must get right (headers and CSP, privacy, the PACS proxy) against it. CI installs
// nginx (scripts/ensure-nginx.sh); elsewhere the project is left out when nginx is missing.
const NGINX_PORT = Number(process.env.STATREAD_NGINX_TEST_PORT ?? PORT + 10);
const WITH_NGINX = NGINX_BIN !== null || !!process.env.CI;
// Specs that use the shared test Orthanc's studies (pacs-proxy-down runs servers of its own).
const ORTHANC_SPECS = ['pacs-open-send.spec.ts', 'pacs-privacy.spec.ts', 'pacs-score-all.spec.ts', 'pacs-search.spec.ts'];
// hardening-privacy (which origins a session contacts) is the app's own behaviour: it runs once, against the
// StatRead server; behind nginx the PACS session's origins are checked by pacs-privacy.
const NGINX_SPECS = [
  'hardening-csp.spec.ts',
  'hardening-proxy.spec.ts',
  'pacs-privacy.spec.ts',
  ...(process.env.STATREAD_E2E_NGINX_FULL === '1' ? ['pacs-search.spec.ts', 'pacs-open-send.spec.ts'] : []),
];

// End-to-end tests run against a production-mode build served by the StatRead server (server/, what `npm start`
// runs: security headers, PACS proxy); the build differs from `npm run build` only by the test hooks, and
// scripts/check-dist-hooks.sh checks that dist/ has none.
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // Two workers: a test spends most of its time waiting on the page (measured: ~25% CPU with one worker on two
  // cores). The specs that share the test Orthanc run one at a time (projects "pacs" and "nginx" below).
  workers: 2,
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
  projects: [
    // Listed first so that their one-at-a-time specs start at once, beside the rest, instead of trailing it.
    // nginx: the deployment specs (headers and CSP, privacy, the proxy's rules, a PACS session's origins). Its
    // PACS specs only add studies of their own; the full PACS specs behind nginx run with STATREAD_E2E_NGINX_FULL=1.
    ...(WITH_NGINX
      ? [
          {
            name: 'nginx',
            testMatch: NGINX_SPECS,
            // The per-backend CSP runs (webgl, webgpu) test the app's own code, not what the server sends.
            grepInvert: /scoring on (webgl|webgpu)/,
            workers: 1,
            use: { baseURL: `http://127.0.0.1:${NGINX_PORT}` },
          },
        ]
      : []),
    // The specs that upload to, search and delete from the one test Orthanc: one at a time.
    { name: 'pacs', testMatch: ORTHANC_SPECS, workers: 1 },
    { name: 'statread-server', testIgnore: ORTHANC_SPECS },
  ],
  webServer: [
    {
      command: `npx vite build --outDir ${OUT_DIR} --emptyOutDir && node --import tsx server/cli.ts --dist ${OUT_DIR} --no-build --host 127.0.0.1 --port ${PORT}`,
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
    ...(WITH_NGINX
      ? [
          {
            // Started after the StatRead server above has built OUT_DIR; serves it with docs/deploy/statread-nginx.conf.
            command: `node --import tsx scripts/nginxTestServer.ts --port ${NGINX_PORT} --dist ${OUT_DIR} --pacs-port ${PACS_PORT}`,
            url: `http://127.0.0.1:${NGINX_PORT}/`,
            reuseExistingServer: !process.env.CI,
            timeout: 300_000,
            gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
          },
        ]
      : []),
  ],
});
