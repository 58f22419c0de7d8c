// Secrets and stored data (docs/security.md "Secrets and stored data"), on the built app:
//
// 1. After scoring a real chest CR and marking its study read, no IndexedDB key or value holds a UID, a patient
//    detail, the file name, or the plain SHA-256 an export carries; rows are keyed by HMAC with a non-extractable
//    per-install secret. "Clear stored results and read marks" (confirmed) leaves every store empty, and the next
//    write uses a new secret (the same image gets another row key).
// 2. Expiry: rows aged past the retention are deleted at start-up and the images are scored again; an expired row
//    written after start-up (by another tab) is not used either.
// 3. A write that fails (IndexedDB throws QuotaExceededError) shows one non-blocking notice per page.
// 4. PACS credentials: in sessionStorage only, unless "Remember on this computer" is ticked (then localStorage);
//    secrets saved in localStorage by an earlier release move to sessionStorage.
import { test, expect, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import * as dicomParserNs from 'dicom-parser';
import { Worklist } from './support/worklist';
import { StatReadPage } from './support/statreadPage';
import { PacsDialog } from './support/orthancPacsPage';
import { dataPath, missingDataReason } from '../test-support/sharedData';

const dicomParser = (dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs;
const CR = dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm');
// Real-resolution films (512 px): the default model refuses thumbnails smaller than the size it reads.
const SMALL = ['00000061_012.png', '00000165_001.png', '00000193_019.png'].map((f) => dataPath('nih-cxr14-512', 'images', f));
const DB = 'statread-triage';
const DAY = 24 * 60 * 60 * 1000;

function skipWithout(...subs: string[]): void {
  for (const sub of subs) {
    const reason = missingDataReason(sub);
    test.skip(reason !== null, reason ?? '');
  }
}

interface DumpedRow {
  key: string;
  value: string;
}

/** Every row of every store of the app's database: keys, and values as JSON (a CryptoKey as its public facts). */
function dumpDb(page: Page): Promise<Record<string, DumpedRow[]>> {
  return page.evaluate(async (name) => {
    // Never create the database here (the app's own open would then wait for this connection).
    if (!(await indexedDB.databases()).some((d) => d.name === name)) return {};
    return new Promise<Record<string, DumpedRow[]>>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const out: Record<string, DumpedRow[]> = {};
        const stores = [...db.objectStoreNames];
        if (stores.length === 0) return (db.close(), resolve(out));
        const tx = db.transaction(stores, 'readonly');
        for (const s of stores) {
          out[s] = [];
          const c = tx.objectStore(s).openCursor();
          c.onsuccess = () => {
            const cur = c.result;
            if (!cur) return;
            const value = JSON.stringify(cur.value, (_k, v: unknown) =>
              v instanceof CryptoKey ? { cryptoKey: { type: v.type, extractable: v.extractable, algorithm: v.algorithm.name } } : v,
            );
            out[s].push({ key: String(cur.primaryKey), value });
            cur.continue();
          };
        }
        tx.oncomplete = () => (db.close(), resolve(out));
        tx.onerror = () => (db.close(), reject(tx.error));
      };
    });
  }, DB);
}

async function counts(page: Page): Promise<Record<string, number>> {
  const dump = await dumpDb(page);
  return Object.fromEntries(Object.entries(dump).map(([s, rows]) => [s, rows.length]));
}

/** Moves the stored-at time of every row of the data stores `ageMs` into the past. */
function ageRows(page: Page, ageMs: number): Promise<number> {
  return page.evaluate(
    ([name, age]) =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['results', 'reads'], 'readwrite');
          let n = 0;
          for (const s of ['results', 'reads']) {
            const c = tx.objectStore(s).openCursor();
            c.onsuccess = () => {
              const cur = c.result;
              if (!cur) return;
              cur.update({ ...(cur.value as object), storedAt: Date.now() - age });
              n++;
              cur.continue();
            };
          }
          tx.oncomplete = () => (db.close(), resolve(n));
          tx.onerror = () => (db.close(), reject(tx.error));
        };
      }),
    [DB, ageMs] as const,
  );
}

test.describe('secrets and stored data', () => {
  test.describe.configure({ timeout: 240_000 });

  test('stored rows hold no identifier, and Clear removes every stored row and starts a new secret', async ({ page }) => {
    skipWithout('dicom-cxr');
    // What an identifier leak would look like: the CR's UIDs and patient details, the file name, and the plain
    // SHA-256 of the Study UID (the export's study id) and of the file.
    const bytes = new Uint8Array(readFileSync(CR));
    const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
    const tags = { sop: 'x00080018', study: 'x0020000d', series: 'x0020000e', name: 'x00100010', id: 'x00100020', accession: 'x00080050' };
    const values = Object.fromEntries(Object.entries(tags).map(([k, t]) => [k, (ds.string(t) ?? '').trim()]));
    expect(values.sop.length, 'the test file has a SOP Instance UID').toBeGreaterThan(10);
    expect(values.study.length).toBeGreaterThan(10);
    const sha = (d: string | Uint8Array) => createHash('sha256').update(d).digest('hex');
    const needles = [...Object.values(values).filter((v) => v.length >= 4), basename(CR), 'siim-cr-chest', sha(values.study), sha(values.sop), sha(bytes)];

    let { app, wl } = await Worklist.open(page);
    await app.openFiles([CR]);
    await wl.show();
    await wl.waitAllFinished(1);
    const key = await wl.keyOf(basename(CR));
    await wl.rowByKey(key).click();
    await expect(wl.rowByKey(key)).toHaveAttribute('data-read', 'true');
    await expect.poll(async () => counts(page), { timeout: 15_000 }).toEqual({ meta: 1, reads: 1, results: 1 });

    const dump = await dumpDb(page);
    const all = Object.values(dump)
      .flat()
      .map((r) => `${r.key}\n${r.value}`)
      .join('\n');
    for (const n of needles) expect(all, `IndexedDB holds ${n}`).not.toContain(n);
    // The rows are keyed by a 256-bit hex MAC, carry their stored-at time, and the secret is not readable.
    for (const s of ['results', 'reads']) {
      for (const r of dump[s]) {
        expect(r.key).toMatch(/^[0-9a-f]{64}$/);
        const v = JSON.parse(r.value) as { storedAt: number };
        expect(Math.abs(Date.now() - v.storedAt)).toBeLessThan(10 * 60_000);
      }
    }
    expect(JSON.parse(dump.meta[0].value)).toMatchObject({ key: { cryptoKey: { type: 'secret', extractable: false, algorithm: 'HMAC' } } });
    expect(JSON.parse(dump.results[0].value)).toMatchObject({ scored: true });
    const oldResultKey = dump.results[0].key;

    // Clear: the control is found in the header's "Stored data" dialog and asks first.
    await page.getByRole('button', { name: 'Stored data' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stored data' });
    await expect(dialog.getByTestId('stored-data-counts')).toHaveText('Stored now: 1 result and 1 read mark.');
    const clear = dialog.getByRole('button', { name: 'Clear stored results and read marks' });
    await expect(clear).toHaveAttribute('data-testid', 'clear-stored-data');
    await clear.click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await counts(page), 'Cancel keeps everything').toEqual({ meta: 1, reads: 1, results: 1 });
    await clear.click();
    await dialog.getByRole('button', { name: 'Delete stored data' }).click();
    await expect(dialog.getByTestId('stored-data-status')).toHaveText('Deleted 1 result and 1 read mark from this browser.');
    expect(await counts(page)).toEqual({ meta: 0, reads: 0, results: 0 });
    await expect(dialog.getByTestId('stored-data-counts')).toHaveText('Stored now: 0 results and 0 read marks.');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // After a reload the image is scored again (nothing was left to read) and stored under a new secret.
    await page.reload();
    ({ app, wl } = await Worklist.open(page));
    await app.openFiles([CR]);
    await wl.show();
    await wl.waitAllFinished(1);
    expect(await wl.scoreRequests()).toBe(1);
    await expect(wl.rowByKey(await wl.keyOf(basename(CR)))).toHaveAttribute('data-read', 'false');
    await expect.poll(async () => (await dumpDb(page)).results?.length ?? 0, { timeout: 15_000 }).toBe(1);
    const after = await dumpDb(page);
    expect(after.meta).toHaveLength(1);
    expect(after.results[0].key).not.toBe(oldResultKey);
  });

  test('rows past the retention are deleted at start-up and never used; the images are scored again', async ({ page, context }) => {
    skipWithout('nih-cxr14-512');
    const [a, b, c] = SMALL;
    let { app, wl } = await Worklist.open(page);
    await app.openFiles([a, b]);
    await wl.show();
    await wl.waitAllFinished(2);
    expect(await wl.scoreRequests()).toBe(2);
    await expect.poll(async () => (await counts(page)).results, { timeout: 15_000 }).toBe(2);

    // 31 days old with the default retention of 30: deleted at start-up, before any file is opened.
    expect(await ageRows(page, 31 * DAY)).toBe(2);
    await page.reload();
    ({ app, wl } = await Worklist.open(page));
    await expect.poll(async () => (await counts(page)).results, { timeout: 15_000 }).toBe(0);
    await app.openFiles([a, b]);
    await wl.show();
    await wl.waitAllFinished(2);
    expect(await wl.scoreRequests()).toBe(2);
    await expect.poll(async () => (await counts(page)).results, { timeout: 15_000 }).toBe(2);

    // A row that expires after this page started (written by another tab, then aged) is not used either.
    const other = await context.newPage();
    const second = await Worklist.open(other);
    await second.app.openFiles([c]);
    await second.wl.show();
    await second.wl.waitAllFinished(1);
    await expect.poll(async () => (await counts(page)).results, { timeout: 15_000 }).toBe(3);
    await other.close();
    expect(await ageRows(page, 31 * DAY)).toBe(3);
    expect((await counts(page)).results, 'the aged rows are still there').toBe(3);
    await app.openFiles([c]);
    await wl.waitAllFinished(3);
    expect(await wl.scoreRequests(), 'the expired row of the third image was not used').toBe(3);

    // The setting: a shorter retention deletes at once what it no longer allows.
    await page.getByRole('button', { name: 'Stored data' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stored data' });
    await expect(dialog.getByLabel('Days to keep stored results')).toHaveValue('30');
    expect(await ageRows(page, 3 * DAY)).toBe(3);
    await dialog.getByLabel('Days to keep stored results').fill('2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByTestId('stored-data-status')).toContainText('now kept 2 days');
    expect((await counts(page)).results).toBe(0);
    await page.reload();
    await Worklist.open(page);
    await page.getByRole('button', { name: 'Stored data' }).click();
    await expect(page.getByRole('dialog', { name: 'Stored data' }).getByLabel('Days to keep stored results')).toHaveValue('2');
  });

  test('a failed write tells the reader once, without an error in the page', async ({ page }) => {
    skipWithout('nih-cxr14-512');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The browser refuses every result write as if the quota were exhausted.
    await page.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (this.name === 'results') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    const { app, wl } = await Worklist.open(page);
    await expect(page.getByTestId('storage-warning')).toHaveCount(0);
    await app.openFiles(SMALL.slice(0, 2));
    await wl.show();
    await wl.waitAllFinished(2);
    const notice = page.getByTestId('storage-warning');
    await expect(notice).toHaveCount(1);
    await expect(notice).toContainText('could not be saved in this browser');
    await expect(notice).toHaveAttribute('role', 'status');
    // Non-blocking: the worklist still answers while it is shown.
    await wl.rowByKey(await wl.keyOf(basename(SMALL[0]))).click();
    await notice.getByRole('button', { name: 'Dismiss storage notice' }).click();
    await expect(notice).toHaveCount(0);
    // Another failed write: not told again on this page.
    await app.openFiles([SMALL[2]]);
    await wl.waitAllFinished(3);
    expect(await wl.scoreRequests()).toBe(3);
    await expect(page.getByTestId('storage-warning')).toHaveCount(0);
    expect((await counts(page)).results).toBe(0);
    expect(errors).toEqual([]);
  });

  test('PACS credentials are kept for the session unless remembered on this computer', async ({ page, context }) => {
    await StatReadPage.open(page);
    const pacs = new PacsDialog(page);
    const SESSION_PW = 'Sess10n-only-pw-4471';
    const REMEMBERED = 'Rem3mbered-token-8812';
    await pacs.tab('Servers');
    const form = pacs.dialog.getByRole('form', { name: 'Server settings' });
    await form.getByLabel('Authentication', { exact: true }).selectOption('basic');
    await expect(form.getByLabel('Remember on this computer', { exact: true })).not.toBeChecked();
    await expect(form.getByTestId('pacs-remember-warning')).toHaveText(
      'Stored unencrypted in this browser profile; anyone using this computer account can read it.',
    );
    await pacs.addServer({ name: 'Session PACS', baseUrl: './dicomweb', auth: { kind: 'basic', username: 'reader', password: SESSION_PW } });
    const storage = () => page.evaluate(() => ({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) }));
    let st = await storage();
    expect(st.local).toContain('Session PACS'); // the server itself is saved ...
    expect(st.local).not.toContain(SESSION_PW); // ... its password is not
    expect(st.session).toContain(SESSION_PW);
    await expect(pacs.dialog.getByTestId('pacs-server-row').filter({ hasText: 'Session PACS' })).toContainText('this session only');

    await pacs.addServer({ name: 'Remembered PACS', baseUrl: './dicomweb', auth: { kind: 'bearer', token: REMEMBERED }, remember: true });
    st = await storage();
    expect(st.local).toContain(REMEMBERED);
    expect(st.session).not.toContain(REMEMBERED);
    expect(st.local).not.toContain(SESSION_PW);
    await expect(pacs.dialog.getByTestId('pacs-server-row').filter({ hasText: 'Remembered PACS' })).toContainText('remembered on this computer');

    // A reload keeps both (same tab); a new tab has only the remembered one.
    await page.reload();
    await StatReadPage.open(page);
    st = await storage();
    expect(st.session).toContain(SESSION_PW);
    expect(st.local).not.toContain(SESSION_PW);
    const tab2 = await context.newPage();
    await StatReadPage.open(tab2);
    const st2 = await tab2.evaluate(() => ({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) }));
    expect(st2.local + st2.session).not.toContain(SESSION_PW);
    expect(st2.local).toContain(REMEMBERED);
    await tab2.close();
  });

  test('a secret an earlier release left in localStorage is moved to sessionStorage', async ({ page }) => {
    await StatReadPage.open(page);
    const LEGACY = 'Legacy-pw-in-localStorage-3390';
    // What the previous release saved by default: credentialStore "local", the password under its own key.
    await page.evaluate((pw) => {
      localStorage.setItem(
        'statread.pacs.servers',
        JSON.stringify([
          { id: 'old', name: 'Old PACS', baseUrl: './dicomweb', credentialStore: 'local', timeoutMs: 30000, auth: { kind: 'basic', username: 'reader' } },
        ]),
      );
      localStorage.setItem('statread.pacs.active', 'old');
      localStorage.setItem('statread.pacs.secret.old', pw);
    }, LEGACY);
    await page.reload();
    await StatReadPage.open(page);
    const st = await page.evaluate(() => ({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) }));
    expect(st.local).not.toContain(LEGACY);
    expect(st.local).toContain('Old PACS');
    expect(st.session).toContain(LEGACY);
    const pacs = new PacsDialog(page);
    await pacs.tab('Servers');
    await expect(pacs.dialog.getByTestId('pacs-server-row').filter({ hasText: 'Old PACS' })).toContainText('this session only');
    // The migrated server still authenticates in this tab: its form holds the password.
    await pacs.dialog.getByRole('button', { name: 'Edit Old PACS' }).click();
    await expect(pacs.dialog.getByRole('form', { name: 'Server settings' }).getByLabel('Password', { exact: true })).toHaveValue(LEGACY);
  });
});
