// The PACS specs' view of the test Orthanc (scripts/pacsTestServer.ts, started by playwright.config.ts):
// where it is, whether it is really Orthanc (else why not: the specs skip, or fail in CI), uploading the test
// studies, and its REST API for checking what StatRead stored.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, test } from '@playwright/test';
import { IN_CI, missingDataReason } from '../../test-support/sharedData';
import { E2E_PACS_PASSWORD, E2E_PACS_USER, uploadFiles } from '../../scripts/pacsOrthanc';
import { TEST_STUDIES, writeTestStudies, type TestStudy } from './orthancData';

export { E2E_PACS_PASSWORD, E2E_PACS_USER };
export const PACS_TEST_PORT = Number(process.env.STATREAD_PACS_TEST_PORT ?? 18142);
export const ORTHANC_URL = `http://127.0.0.1:${PACS_TEST_PORT}`;
export const AUTH = { Authorization: `Basic ${Buffer.from(`${E2E_PACS_USER}:${E2E_PACS_PASSWORD}`).toString('base64')}` };

/** Why the PACS specs cannot run (null: they can). Throws in CI. */
export async function orthancUnavailableReason(): Promise<string | null> {
  const data = missingDataReason('dicom-cxr') ?? missingDataReason('cxr-fullres');
  if (data) return data;
  let why: string;
  try {
    const res = await fetch(`${ORTHANC_URL}/system`, { headers: AUTH });
    const body = (await res.json().catch(() => ({}))) as { StatReadPlaceholder?: boolean; reason?: string; Version?: string };
    if (res.ok && body.Version) return null;
    why = body.StatReadPlaceholder ? `Orthanc is not available: ${body.reason}` : `${ORTHANC_URL}/system answered ${res.status}, not Orthanc`;
  } catch (e) {
    why = `no test Orthanc on ${ORTHANC_URL} (${(e as Error).message}); playwright.config.ts starts it`;
  }
  if (IN_CI) throw new Error(`CI requires the test Orthanc: ${why}`);
  return why;
}

let uploaded = false;

/**
 * The usual setup of a PACS spec, called once at the top of the spec file: before its tests, check the test
 * Orthanc and upload the test studies; skip every test with the reason when Orthanc is unavailable (fails in CI).
 */
export function useTestOrthanc(): void {
  let skipReason: string | null = null;

  test.beforeAll(async () => {
    skipReason = await orthancUnavailableReason();
    if (!skipReason) await ensureTestStudies();
  });

  test.beforeEach(() => {
    test.skip(skipReason !== null, skipReason ?? '');
  });
}

/** Uploads the test studies (idempotent: same UIDs every time). */
export async function ensureTestStudies(studies: TestStudy[] = TEST_STUDIES): Promise<void> {
  if (uploaded && studies === TEST_STUDIES) return;
  const files = writeTestStudies(studies);
  const results = await uploadFiles(ORTHANC_URL, files, AUTH);
  rmSync(dirname(files[0]), { recursive: true, force: true });
  const bad = results.filter((r) => r.status === 'rejected');
  expect(bad, JSON.stringify(bad)).toEqual([]);
  if (studies === TEST_STUDIES) uploaded = true;
}

export async function orthancGet<T = unknown>(path: string): Promise<T> {
  const res = await fetch(`${ORTHANC_URL}${path}`, { headers: AUTH });
  expect(res.status, `GET ${path}`).toBe(200);
  return (await res.json()) as T;
}

/** Orthanc's id of a study by its Study Instance UID (null when absent). */
export async function orthancStudyId(studyUid: string): Promise<string | null> {
  const res = await fetch(`${ORTHANC_URL}/tools/lookup`, { method: 'POST', headers: AUTH, body: studyUid });
  const list = (await res.json()) as { ID: string; Type: string }[];
  return list.find((x) => x.Type === 'Study')?.ID ?? null;
}

export async function deleteStudy(studyUid: string): Promise<void> {
  const id = await orthancStudyId(studyUid);
  if (!id) return;
  const res = await fetch(`${ORTHANC_URL}/studies/${id}`, { method: 'DELETE', headers: AUTH });
  expect(res.status).toBe(200);
}
