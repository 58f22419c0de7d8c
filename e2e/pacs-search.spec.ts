// PACS study search against the real test Orthanc (QIDO-RS through the preview server's /dicomweb proxy):
// the uploaded studies are found; CR/DX is the default modality filter; name, ID, date range and accession
// filters and paging work; a wrong password and a server that is down give their messages.
import { test, expect } from '@playwright/test';
import { StatReadPage } from './support/statreadPage';
import { useTestOrthanc, E2E_PACS_USER } from './support/orthanc';
import { CR_DX_STUDIES, TEST_STUDIES } from './support/orthancData';
import { PacsDialog, TEST_SERVER } from './support/orthancPacsPage';

useTestOrthanc();

const names = (list: { patientName: string }[]) => list.map((s) => s.patientName.replace('^', ', ')).sort();

test('search finds the uploaded CR/DX studies by default; filters and paging work', async ({ page }) => {
  await StatReadPage.open(page);
  const pacs = new PacsDialog(page);
  await pacs.addServer(TEST_SERVER);

  // Default modalities CR, DX: the CT-labelled study is left out.
  await pacs.search({ patientName: 'PACSE2E', pageSize: 25 });
  await expect(pacs.dialog.getByRole('form', { name: 'Study search' }).getByLabel('Modalities', { exact: true })).toHaveValue('CR, DX');
  expect((await pacs.listedPatients()).sort()).toEqual(names(CR_DX_STUDIES));
  // Every modality: all of them.
  await pacs.search({ patientName: 'pacse2e', modalities: '', pageSize: 25 });
  expect((await pacs.listedPatients()).sort()).toEqual(names(TEST_STUDIES));

  // Paging: 6 CR/DX studies, 4 per page -> 4 + 2, no overlap, Previous goes back.
  await pacs.search({ patientName: 'PACSE2E', modalities: 'CR, DX', pageSize: 4 });
  const first = await pacs.listedStudyUids();
  expect(first).toHaveLength(4);
  await expect(pacs.searchState).toContainText('more on the next page');
  await pacs.dialog.getByRole('button', { name: 'Next page' }).click();
  await expect(pacs.dialog.getByTestId('pacs-page')).toHaveText('Page 2');
  await expect(pacs.rows).toHaveCount(2);
  const second = await pacs.listedStudyUids();
  expect(new Set([...first, ...second]).size).toBe(6);
  expect(new Set([...first, ...second])).toEqual(new Set(CR_DX_STUDIES.map((s) => s.studyUid)));
  await expect(pacs.dialog.getByRole('button', { name: 'Next page' })).toBeDisabled();
  await pacs.dialog.getByRole('button', { name: 'Previous page' }).click();
  await expect(pacs.dialog.getByTestId('pacs-page')).toHaveText('Page 1');
  expect(await pacs.listedStudyUids()).toEqual(first);

  // Patient ID, accession number, date range (inclusive), name wildcard.
  await pacs.search({ patientId: 'E2E-004' });
  expect(await pacs.listedPatients()).toEqual(['PACSE2E, DAVIS']);
  await pacs.search({ accession: 'E2E-A003' });
  expect(await pacs.listedPatients()).toEqual(['PACSE2E, CLARK']);
  await pacs.search({ patientName: 'PACSE2E', from: '2025-03-02', to: '2025-03-04' });
  expect((await pacs.listedPatients()).sort()).toEqual(['PACSE2E, BAKER', 'PACSE2E, CLARK', 'PACSE2E, DAVIS']);
  // A wildcard typed by the user is sent as typed (Orthanc 1.10 matches no value containing "^", so none here).
  await pacs.search({ patientName: '*oster' });
  expect(await pacs.listedPatients()).toEqual(['PACSE2E, FOSTER']);
  await pacs.search({ patientName: 'nobody-by-this-name' });
  await expect(pacs.searchState).toHaveText('No study matches.');
  // The row shows date, accession and modality as the server has them.
  await pacs.search({ patientId: 'E2E-002' });
  await expect(pacs.rows.first()).toContainText('2025-03-02');
  await expect(pacs.rows.first()).toContainText('E2E-A002');
  await expect(pacs.rows.first()).toContainText('DX');
});

test('a wrong password and a server that is down give clear messages; earlier results stay', async ({ page }) => {
  await StatReadPage.open(page);
  const pacs = new PacsDialog(page);
  await pacs.addServer(TEST_SERVER);
  await pacs.search({ patientName: 'PACSE2E' });
  await expect(pacs.rows).toHaveCount(CR_DX_STUDIES.length);

  // Wrong password: Orthanc answers 401; no browser login dialog (the proxy renames the challenge).
  await pacs.addServer({ name: 'Wrong password', baseUrl: './dicomweb', auth: { kind: 'basic', username: E2E_PACS_USER, password: 'wrong' } });
  await pacs.search({ patientName: 'PACSE2E' });
  await expect(pacs.error).toContainText('authentication failed (401)');
  await expect(pacs.error).not.toContainText('wrong');
  await expect(pacs.error.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  // The connection test says the same.
  await pacs.tab('Servers');
  await pacs.dialog.getByRole('button', { name: 'Test Wrong password' }).click();
  await expect(pacs.connectionStatus).toHaveAttribute('data-state', 'error');
  await expect(pacs.connectionStatus).toContainText('401');
  await pacs.dialog.getByRole('button', { name: `Test ${TEST_SERVER.name}` }).click();
  await expect(pacs.connectionStatus).toHaveAttribute('data-state', 'ok');

  // Server down: nothing listens on port 9 of this machine (or the page's CSP refuses the origin).
  await pacs.addServer({ name: 'Down server', baseUrl: 'http://127.0.0.1:9/dicom-web' });
  await pacs.search({ patientName: 'PACSE2E' });
  await expect(pacs.error).toContainText('Could not reach PACS "Down server" at http://127.0.0.1:9/dicom-web/studies');
  await expect(pacs.error.getByRole('button', { name: 'Retry' })).toBeVisible();

  // No auth at all on a server that needs it.
  await pacs.addServer({ name: 'No credentials', baseUrl: './dicomweb' });
  await pacs.search({ patientName: 'PACSE2E' });
  await expect(pacs.error).toContainText('PACS "No credentials" refused the study search: authentication failed (401)');

  // Back to the good server: results again.
  await pacs.tab('Servers');
  await pacs.dialog.getByRole('radio', { name: `Use ${TEST_SERVER.name}` }).check();
  await pacs.search({ patientName: 'PACSE2E' });
  await expect(pacs.error).toHaveCount(0);
  await expect(pacs.rows).toHaveCount(CR_DX_STUDIES.length);
});

test('saved servers: the list and remembered credentials survive a new tab; session-only credentials (the default) do not', async ({ page, context }) => {
  await StatReadPage.open(page);
  const pacs = new PacsDialog(page);
  await pacs.addServer({ ...TEST_SERVER, remember: true });
  await pacs.addServer({ ...TEST_SERVER, name: 'Session only' });
  await pacs.search({ patientName: 'PACSE2E' });
  await expect(pacs.rows).toHaveCount(CR_DX_STUDIES.length);
  // Nothing secret in the saved server list; the session-only password is not in localStorage at all.
  const stored = await page.evaluate(() => ({ ...localStorage }));
  expect(stored['statread.pacs.servers']).not.toContain(TEST_SERVER.auth!.kind === 'basic' ? TEST_SERVER.auth!.password : '?');
  const sessionServer = (JSON.parse(stored['statread.pacs.servers']) as { id: string; name: string }[]).find((s) => s.name === 'Session only')!;
  expect(stored[`statread.pacs.secret.${sessionServer.id}`]).toBeUndefined();

  // A new tab: both servers are listed and "Session only" is still active, but its password is gone (401).
  const page2 = await context.newPage();
  await StatReadPage.open(page2);
  const pacs2 = new PacsDialog(page2);
  await pacs2.open();
  await expect(pacs2.dialog.getByTestId('pacs-active-server')).toContainText('Session only');
  await pacs2.search({ patientName: 'PACSE2E' });
  await expect(pacs2.error).toContainText('authentication failed (401)');
  await pacs2.tab('Servers');
  await pacs2.dialog.getByRole('radio', { name: `Use ${TEST_SERVER.name}` }).check();
  await pacs2.search({ patientName: 'PACSE2E' });
  await expect(pacs2.rows).toHaveCount(CR_DX_STUDIES.length);
  // Removing a server forgets it.
  await pacs2.tab('Servers');
  await pacs2.dialog.getByRole('button', { name: 'Remove Session only' }).click();
  await expect(pacs2.dialog.getByTestId('pacs-server-row')).toHaveCount(2); // the default one and the E2E one
  await page2.close();
});
