// Privacy with a PACS: a whole PACS session (search, open, score, send results back) contacts
// exactly the configured DICOMweb server's origin (here the app's own, through the /dicomweb proxy) and nothing
// else: not the Orthanc behind the proxy, no third party; credentials appear in no URL and no console line.
import { test, expect } from '@playwright/test';
import { AiPanel } from './support/aiPanel';
import { RequestRecorder, allowedOrigins, foreignRequests } from './support/privacy';
import { ORTHANC_URL, ensureTestStudies, orthancUnavailableReason, E2E_PACS_PASSWORD } from './support/orthanc';
import { testStudy } from './support/orthancData';
import { PacsDialog, TEST_SERVER } from './support/orthancPacsPage';

let skipReason: string | null = null;

test.beforeAll(async () => {
  skipReason = await orthancUnavailableReason();
});

test('a PACS session talks only to the configured server origin', async ({ page, context, baseURL }) => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(240_000);
  const study = testStudy(`PRIV-${Date.now()}`, 'PRIVACY', '20250312', 'DX', '00000002_000.png', 92, 'PACSRUN');
  await ensureTestStudies([study]);
  const rec = await RequestRecorder.attach(context, page);
  const { app, ai } = await AiPanel.open(page, { backend: 'wasm' });
  const pacs = new PacsDialog(page);
  await pacs.addServer(TEST_SERVER);
  await pacs.search({ patientId: study.patientId });
  await pacs.openStudy(study.studyUid);
  await pacs.close();
  const name = `${study.sopUid}.dcm`;
  await expect(app.viewport).toHaveAttribute('data-file-name', name, { timeout: 60_000 });
  expect((await ai.waitForResult(name)).state).toBe('done');
  await page.getByRole('button', { name: 'Send to PACS' }).click();
  await expect(page.getByTestId('pacs-send-status')).toHaveAttribute('data-state', 'sent', { timeout: 60_000 });

  // The configured server is "./dicomweb" on the app's origin.
  const serverUrl = new URL(`${TEST_SERVER.baseUrl}/`, baseURL!).href;
  const allowed = allowedOrigins(baseURL!, serverUrl);
  expect(allowed).toEqual([new URL(baseURL!).origin]);
  const urls = rec.urls();
  // The session really used the PACS (QIDO, WADO-RS, STOW-RS all through the configured base URL) ...
  expect(urls.some((u) => u.startsWith(`${serverUrl}studies?`))).toBe(true);
  expect(urls.some((u) => u.startsWith(`${serverUrl}studies/${study.studyUid}/series/`))).toBe(true);
  expect(rec.requests.some((r) => r.method === 'POST' && r.url === `${serverUrl}studies/${study.studyUid}`)).toBe(true);
  // ... and nothing else: no other origin, not even the Orthanc behind the proxy.
  expect(foreignRequests(rec.requests, allowed)).toEqual([]);
  expect(urls.filter((u) => u.startsWith(ORTHANC_URL))).toEqual([]);
  // Credentials never in a URL or the console.
  expect(urls.filter((u) => u.includes(E2E_PACS_PASSWORD) || /[?&](password|token|auth)=/i.test(u))).toEqual([]);
  expect(rec.consoleMentioning([E2E_PACS_PASSWORD, Buffer.from(`statread-e2e:${E2E_PACS_PASSWORD}`).toString('base64')])).toEqual([]);
  await rec.detach();
});
