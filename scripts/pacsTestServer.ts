// The Orthanc that the PACS end-to-end tests run against (a Playwright webServer entry, see playwright.config.ts):
// a fresh storage folder, loopback port $STATREAD_PACS_TEST_PORT (or --port), basic authentication with the test
// user, stopped (and its folder removed) on SIGTERM/SIGINT. The specs upload their studies themselves.
//
// Without Orthanc (and without root to install it) this serves a placeholder on the same port whose /system says
// why, so that the PACS specs skip with that reason and the rest of the suite runs; in CI (CI set) it exits
// non-zero instead, which fails the run loudly.
import { createServer } from 'node:http';
import { E2E_PACS_PASSWORD, E2E_PACS_USER, findOrthanc, startOrthanc } from './pacsOrthanc';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg('--port') ?? process.env.STATREAD_PACS_TEST_PORT ?? 18142);
const inCi = process.env.CI === 'true' || process.env.CI === '1';

async function main(): Promise<void> {
  const found = findOrthanc();
  if (typeof found === 'string') {
    if (inCi) {
      console.error(`[pacs-test-server] CI needs Orthanc for the PACS tests: ${found}`);
      process.exit(1);
    }
    console.error(`[pacs-test-server] PACS end-to-end tests will be skipped: ${found}`);
    const reason = JSON.stringify({ StatReadPlaceholder: true, reason: found });
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(reason);
    });
    server.listen(port, '127.0.0.1');
    const close = () => server.close(() => process.exit(0));
    process.on('SIGTERM', close);
    process.on('SIGINT', close);
    return;
  }
  const orthanc = await startOrthanc({ httpPort: port, users: { [E2E_PACS_USER]: E2E_PACS_PASSWORD }, name: 'StatReadE2E' });
  console.log(`[pacs-test-server] Orthanc for the e2e tests on ${orthanc.url} (storage ${orthanc.storageDir})`);
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await orthanc.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  orthanc.process.on('exit', (code) => {
    if (stopping) return;
    console.error(`[pacs-test-server] Orthanc exited (${code})`);
    process.exit(1);
  });
}

void main().catch((e) => {
  console.error(`[pacs-test-server] ${(e as Error).message}`);
  process.exit(1);
});
