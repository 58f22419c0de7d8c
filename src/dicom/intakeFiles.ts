// File intake: reads each picked file, classifies it, registers displayable images with Cornerstone and the
// image registry (src/images), and reports images, skipped files and problems (alerts) to the store. The first
// image opens by itself.
// Memory stays bounded however many files are opened: the bytes read here are dropped once the file is
// classified. What stays per image is its registry entry: header summary, a header-only data set
// (headerOnlyDataSet.ts) and the source Blob (a dropped File is backed by the disk): Cornerstone's loader reads a
// DICOM file again when it is shown, the web image loader decodes a PNG/JPEG when it is shown (in the decode
// worker: nothing here decodes pixels on the main thread), and scoring reads the file while scoring it. Every
// opened image, whatever brought it (drop, file pick, PACS), also lands in the triage worklist.
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { classifyBytes } from './classifyFile';
import { pixelBudgetFrom, pixelBudgetProblem, type PixelBudget } from '../model/pixelBudget';
import { withPart10Header } from './part10';
import type { PickedFile } from './collectFiles';
import type { FileProblem, LoadedImage, SkippedFile } from '../store/studyTypes';
import { initCornerstone } from '../viewer/cornerstone/initCornerstone';
import { imageRegistry, type ImageEntry, type WebImageInfo } from '../images';
import { webImageDecoder } from '../viewer/webImage/webImageDecoder';
import { readJpegInfo, readPngInfo } from '../viewer/webImage/webImageInfo';
import { newWebImageId } from '../viewer/webImage/webImageId';
import { headerOnlyDataSet } from './headerOnlyDataSet';
import { withAutomaticOpen } from '../store/openIntent';
import { ybr422ImageId } from '../viewer/color/ybr422ImageLoader';
import { isEncapsulated } from './transferSyntax';
import { useStore } from '../store';

export interface IntakeResult {
  images: LoadedImage[];
  skipped: SkippedFile[];
  problems: FileProblem[];
}

export interface IntakeOptions {
  /** What brought the files: picked or dropped here ('local', the default) or retrieved from a PACS. */
  origin?: ImageEntry['origin'];
}

/** The page's pixel budget: the default, or `?maxPixels=` (samples per file) when given. */
function pageBudget(): PixelBudget {
  return pixelBudgetFrom(typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('maxPixels'));
}

/** A PNG/JPEG over the pixel budget: its reason is the alert as is. */
class OverBudget extends Error {}

/**
 * Size and channels of a PNG/JPEG from its header (no decode); a three-component JPEG is decoded once, in the
 * decode worker, to tell grey from colour (the loader keeps grey JPEGs single-channel), and its pixels are dropped
 * there. The pixel budget is checked on the header first.
 */
async function webImageInfo(file: Blob, bytes: Uint8Array, format: 'png' | 'jpeg', budget: PixelBudget): Promise<WebImageInfo> {
  if (format === 'png') {
    const p = readPngInfo(bytes);
    const problem = pixelBudgetProblem({ rows: p.height, columns: p.width, samplesPerPixel: p.samplesPerPixel }, budget);
    if (problem) throw new OverBudget(problem);
    return p;
  }
  const j = readJpegInfo(bytes);
  // Checked on the frame header, before the one decode below.
  const problem = pixelBudgetProblem({ rows: j.height, columns: j.width, samplesPerPixel: j.components }, budget);
  if (problem) throw new OverBudget(problem);
  if (j.components === 1) return { width: j.width, height: j.height, samplesPerPixel: 1, bitsStored: 8 };
  return webImageDecoder.info(file, 'jpeg');
}

function baseName(path: string): string {
  return path.split('/').pop() || path;
}

async function intakeOne(picked: PickedFile, origin: ImageEntry['origin'], budget: PixelBudget): Promise<IntakeResult> {
  const fileName = picked.file.name || baseName(picked.path);
  const res: IntakeResult = { images: [], skipped: [], problems: [] };
  const entries: ImageEntry[] = [];
  const common = { fileName, path: picked.path, origin, resultKey: null };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await picked.file.arrayBuffer());
  } catch (e) {
    res.problems.push({ fileName, path: picked.path, reason: `could not read the file (${(e as Error).message})` });
    return res;
  }
  const c = classifyBytes(bytes, fileName, budget);
  if (c.kind === 'error') {
    res.problems.push({ fileName, path: picked.path, reason: c.reason });
  } else if (c.kind === 'skipped') {
    res.skipped.push({ fileName, path: picked.path, reason: c.reason });
  } else if (c.kind === 'web') {
    try {
      const info = await webImageInfo(picked.file, bytes, c.format, budget);
      const imageId = newWebImageId();
      entries.push({ ...common, imageId, frame: 0, kind: 'web', source: picked.file, header: null, dataSet: null, web: { format: c.format, info } });
      res.images.push({
        imageId,
        fileName,
        path: picked.path,
        frame: 0,
        kind: 'web',
        header: null,
        rows: info.height,
        columns: info.width,
        samplesPerPixel: info.samplesPerPixel,
      });
    } catch (e) {
      res.problems.push({
        fileName,
        path: picked.path,
        reason: e instanceof OverBudget ? e.message : `${c.format.toUpperCase()} could not be decoded (${(e as Error).message ?? e})`,
      });
    }
  } else {
    const h = c.header;
    const part10 = c.hasPart10Header ? bytes : withPart10Header(bytes, h.transferSyntaxUid);
    const blob = c.hasPart10Header ? picked.file : new Blob([part10 as BlobPart]);
    // The loader reads the file (a disk-backed File) when the image is shown; the bytes read here are not kept
    // in its data set cache, where they would stay for as long as the page lives.
    const baseId = wadouri.fileManager.add(blob);
    const dataSet = headerOnlyDataSet(c.dataSet, h.transferSyntaxUid);
    const frames = h.numberOfFrames;
    // Native YBR_FULL_422 is converted to RGB by StatRead (Cornerstone leaves it unconverted).
    const native422 = h.photometricInterpretation === 'YBR_FULL_422' && !isEncapsulated(h.transferSyntaxUid);
    for (let f = 0; f < frames; f++) {
      const frameId = frames > 1 ? `${baseId}?frame=${f + 1}` : baseId;
      const imageId = native422 ? ybr422ImageId(frameId) : frameId;
      entries.push({ ...common, imageId, frame: f, kind: 'dicom', source: blob, header: h, dataSet, web: null });
      res.images.push({
        imageId,
        fileName,
        path: picked.path,
        frame: f,
        kind: 'dicom',
        header: h,
        rows: h.rows,
        columns: h.columns,
        samplesPerPixel: h.samplesPerPixel,
      });
    }
  }
  // In the registry before the store lists them: whatever shows an image reads its entry.
  imageRegistry.add(entries);
  return res;
}

/** Loads picked files into the image registry and the store; returns what happened (also reflected in the store). */
export async function intakeFiles(files: PickedFile[], opts: IntakeOptions = {}): Promise<IntakeResult> {
  const origin = opts.origin ?? 'local';
  const budget = pageBudget();
  performance.mark('statread:intake-start');
  await initCornerstone();
  const store = useStore.getState();
  store.setIntakeBusy(true);
  const total: IntakeResult = { images: [], skipped: [], problems: [] };
  let pending: IntakeResult = { images: [], skipped: [], problems: [] };
  const flush = () => {
    const st = useStore.getState();
    st.addImages(pending.images);
    st.addSkipped(pending.skipped);
    st.addAlerts(pending.problems);
    if (!st.activeSeriesKey && pending.images.length) {
      const first = pending.images[0].imageId;
      const after = useStore.getState();
      const key = Object.values(after.series).find((s) => s.imageIds.includes(first))?.key;
      // Opened by the app, not the reader: the worklist does not count it as read.
      if (key) withAutomaticOpen(() => after.selectSeries(key, after.series[key].imageIds.indexOf(first)));
    }
    pending = { images: [], skipped: [], problems: [] };
  };
  try {
    let lastFlush = performance.now();
    for (const f of files) {
      const r = await intakeOne(f, origin, budget);
      performance.mark('statread:file-classified');
      total.images.push(...r.images);
      total.skipped.push(...r.skipped);
      total.problems.push(...r.problems);
      pending.images.push(...r.images);
      pending.skipped.push(...r.skipped);
      pending.problems.push(...r.problems);
      // Show the first image as soon as it is known, then update the lists every 250 ms.
      const noneShown = !useStore.getState().activeSeriesKey && pending.images.length > 0;
      if (noneShown || performance.now() - lastFlush > 250) {
        flush();
        lastFlush = performance.now();
      }
    }
    flush();
  } finally {
    useStore.getState().setIntakeBusy(false);
    useStore.getState().finishIntakeRun();
  }
  return total;
}
