// Opening PACS studies: list the study's instances (QIDO-RS), retrieve each as Part 10 (WADO-RS, a few at a
// time), and hand them to the one file intake (src/dicom/intakeFiles.ts) as File objects, like a drop. The
// triage worklist and the AI then see them like any opened file. Failures never touch what is already open.
import { intakeFiles, type IntakeResult } from '../dicom/intakeFiles';
import type { PickedFile } from '../dicom/collectFiles';
import { useStore } from '../store';
import { DicomWebClient } from './client';
import { PacsError, describeError } from './errors';
import { activeServer, usePacsStore } from './pacsStore';
import { readAiSr, type StoredAiResult } from './readAiSr';
import type { InstanceSummary, PacsServer, StudySummary } from './types';

const CONCURRENCY = 3;

export interface RetrievedStudy {
  files: PickedFile[];
  failures: { sopInstanceUid: string; message: string }[];
  storedAi: StoredAiResult[];
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._^-]+/g, '_').slice(0, 64) || 'unknown';
}

/** Retrieves every instance of a study (bounded concurrency). Throws only when nothing could be retrieved. */
export async function retrieveStudy(
  client: DicomWebClient,
  study: StudySummary,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
  skip: ReadonlySet<string> = new Set(),
): Promise<RetrievedStudy> {
  const listed = await client.searchInstances(study.studyInstanceUid, signal);
  if (listed.length === 0)
    throw new PacsError(
      'not-found',
      `PACS "${client.server.name}" lists no images for study ${study.studyInstanceUid} any more: it may have been deleted or moved. Search again.`,
    );
  const instances = listed.filter((i) => !skip.has(i.sopInstanceUid));
  const out: RetrievedStudy = { files: [], failures: [], storedAi: [] };
  const errors: PacsError[] = [];
  let next = 0;
  let done = 0;
  onProgress(0, instances.length);
  const folder = `PACS/${safeName(study.patientName || study.patientId)}/${safeName(study.studyInstanceUid)}`;
  const worker = async () => {
    while (next < instances.length) {
      const inst: InstanceSummary = instances[next++];
      try {
        const bytes = await client.retrieveInstance(inst, signal);
        const name = `${safeName(inst.sopInstanceUid)}.dcm`;
        const file = new File([bytes as BlobPart], name, { type: 'application/dicom' });
        out.files.push({ file, path: `${folder}/${name}` });
        const ai = inst.sopClassUid.startsWith('1.2.840.10008.5.1.4.1.1.88.') ? readAiSr(bytes) : null;
        if (ai) out.storedAi.push(ai);
      } catch (e) {
        const err = e instanceof PacsError ? e : new PacsError('bad-response', describeError(e));
        errors.push(err);
        out.failures.push({ sopInstanceUid: inst.sopInstanceUid, message: err.message });
        if (err.kind === 'cancelled' || err.kind === 'unauthorized' || err.kind === 'forbidden') throw err;
      } finally {
        onProgress(++done, instances.length);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, instances.length) }, worker));
  if (out.files.length === 0 && instances.length > 0) throw errors[0] ?? new PacsError('bad-response', 'no image could be retrieved');
  // Stable order (instance number, then UID) whatever order the retrievals finished in.
  const order = new Map(instances.map((i, k) => [i.sopInstanceUid, k]));
  out.files.sort((a, b) => (order.get(a.file.name.replace(/\.dcm$/, '')) ?? 0) - (order.get(b.file.name.replace(/\.dcm$/, '')) ?? 0));
  return out;
}

/** The first series of an opened study (by Study Instance UID), if it is open. */
export function findOpenStudy(studyUid: string): { seriesKey: string } | null {
  const st = useStore.getState();
  for (const s of Object.values(st.series)) {
    const img = st.images[s.imageIds[0]];
    if (img?.header?.studyInstanceUid === studyUid) return { seriesKey: s.key };
  }
  return null;
}

function showStudy(studyUid: string, images: IntakeResult['images']): void {
  const st = useStore.getState();
  const first = images[0]?.imageId;
  const key = first ? Object.values(st.series).find((s) => s.imageIds.includes(first))?.key : findOpenStudy(studyUid)?.seriesKey;
  if (key) st.selectSeries(key, first ? st.series[key].imageIds.indexOf(first) : 0);
}

export interface OpenOptions {
  /** Bring the study on screen (single open) or leave the screen as it is (Score all). */
  show: boolean;
  server?: PacsServer;
  signal?: AbortSignal;
}

/**
 * Opens one study from the active PACS into the viewer. Returns true when it is open (now or before). Errors
 * are recorded per study in the PACS store (with a retry flag), never thrown.
 */
export async function openStudy(study: StudySummary, opts: OpenOptions): Promise<boolean> {
  const pacs = usePacsStore.getState();
  const uid = study.studyInstanceUid;
  const cur = pacs.opening[uid];
  if (cur?.state === 'opening') return false;
  const server = opts.server ?? activeServer();
  // Opened before and still open: fetch only instances added since (e.g. results sent back), then show it.
  const stillOpen = cur?.state === 'opened' && !!findOpenStudy(uid);
  const skip = stillOpen ? new Set(pacs.retrievedSops[uid] ?? []) : new Set<string>();
  const before = stillOpen && cur?.state === 'opened' ? cur : null;
  const client = new DicomWebClient(server);
  pacs.setOpening(uid, { state: 'opening', done: 0, total: study.numberOfInstances ?? 0 });
  try {
    const got = await retrieveStudy(
      client,
      study,
      (done, total) => usePacsStore.getState().setOpening(uid, { state: 'opening', done, total }),
      opts.signal,
      skip,
    );
    const result = got.files.length ? await intakeFiles(got.files, { origin: 'pacs' }) : { images: [], skipped: [], problems: [] };
    const st = usePacsStore.getState();
    st.setOpening(uid, {
      state: 'opened',
      images: (before?.images ?? 0) + result.images.length,
      skipped: (before?.skipped ?? 0) + result.skipped.length,
      failed: got.failures.length + result.problems.length,
      serverId: server.id,
    });
    const sops = got.files.map((f) => f.file.name.replace(/\.dcm$/, ''));
    st.set({ retrievedSops: { ...st.retrievedSops, [uid]: [...skip, ...sops] } });
    if (got.storedAi.length) st.set({ storedResults: { ...st.storedResults, [uid]: [...(st.storedResults[uid] ?? []), ...got.storedAi] } });
    if (got.failures.length) {
      useStore.getState().addAlerts(got.failures.map((f) => ({ fileName: f.sopInstanceUid, path: `PACS ${server.name}`, reason: f.message })));
    }
    if (opts.show) showStudy(uid, result.images);
    return true;
  } catch (e) {
    const err = e instanceof PacsError ? e : new PacsError('bad-response', describeError(e));
    usePacsStore.getState().setOpening(uid, { state: 'error', message: err.message, retryable: err.retryable || err.kind === 'not-found' });
    return false;
  }
}

/** Stops "Score all results" after the study being opened (what is open stays open and scored). */
export function stopOpenAll(): void {
  const st = usePacsStore.getState();
  if (st.scoreAll?.running) st.set({ scoreAll: { ...st.scoreAll, stopped: true } });
}

/** Opens every study of the current result list (one after another), so all of them are scored into the worklist. */
export async function openAllResults(): Promise<void> {
  const pacs = usePacsStore.getState();
  if (pacs.scoreAll?.running) return;
  const studies = [...pacs.results];
  const server = activeServer();
  let done = 0;
  let failed = 0;
  pacs.set({ scoreAll: { running: true, done, total: studies.length, failed } });
  let stopped = false;
  for (const s of studies) {
    if (usePacsStore.getState().scoreAll?.stopped) {
      stopped = true;
      break;
    }
    const ok = await openStudy(s, { show: false, server });
    done++;
    if (!ok) failed++;
    usePacsStore.getState().set({ scoreAll: { ...usePacsStore.getState().scoreAll!, running: true, done, total: studies.length, failed } });
  }
  // Nothing on screen yet: show the first study opened.
  if (!useStore.getState().activeSeriesKey) {
    const first = studies.find((s) => findOpenStudy(s.studyInstanceUid));
    if (first) showStudy(first.studyInstanceUid, []);
  }
  usePacsStore
    .getState()
    .set({ scoreAll: { running: false, done, total: studies.length, failed, stopped: stopped || !!usePacsStore.getState().scoreAll?.stopped } });
}
