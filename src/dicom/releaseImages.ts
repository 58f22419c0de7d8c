// Closing studies: frees everything StatRead and Cornerstone hold for their images, so a long session of
// opening and closing files does not grow without bound (issue 6). For each image id:
// - Cornerstone's image cache: the image, its VOI LUT derivatives (statread-voilut:*) and, for converted
//   YBR_FULL_422 images, the inner dicomfile image (decoded pixels, the biggest part);
// - the wadouri loader: the parsed data set (dataSetCacheManager, which holds the file's bytes) and the
//   file handle (fileManager);
// - StatRead's registries: header summary + data set (imageHeaders), decoded PNG/JPEG (webImageRegistry),
//   original file for scoring (source-files).
// The store forgets the images first (studiesSlice.removeStudies), which moves the viewport to another
// series or empties it; the viewport is then cleared when nothing is left on screen.
import { cache } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { useStore } from '../store';
import { removeImageSource } from '../viewer/imageHeaders';
import { unregisterWebImage, WEB_IMAGE_SCHEME } from '../viewer/webImage/webImageRegistry';
import { YBR422_SCHEME } from '../viewer/color/ybr422ImageLoader';
import { voiLutImageId, voiLutsFor } from '../viewer/voi/voiLutImageLoader';
import { forgetSourceFile } from '../inference/source-files';
import { viewportController } from '../viewer/viewportController';

type Listener = (imageIds: string[]) => void;
const listeners = new Set<Listener>();

/** Other parts of the app (e.g. a worklist) hear which images were closed, to drop their own entries. */
export function onImagesReleased(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function uncache(imageId: string): void {
  if (!cache.getImageLoadObject(imageId)) return;
  try {
    cache.removeImageLoadObject(imageId, { force: true });
  } catch {
    // already gone
  }
}

/** dicomfile:N or dicomfile:N?frame=k -> N */
function fileIndexOf(dicomfileId: string): number | null {
  const m = /^dicomfile:(\d+)/.exec(dicomfileId);
  return m ? Number(m[1]) : null;
}

/** Frees every loader and registry entry of these images (they must already be out of the store). */
export function releaseImages(imageIds: string[]): void {
  const files = new Set<number>();
  for (const id of imageIds) {
    // VOI LUT derivatives need the header to be counted, so before removeImageSource.
    const luts = voiLutsFor(id).length;
    for (let i = 0; i < luts; i++) uncache(voiLutImageId(id, i));
    uncache(id);
    let inner = id;
    if (id.startsWith(`${YBR422_SCHEME}:`)) {
      inner = id.slice(YBR422_SCHEME.length + 1);
      uncache(inner);
    }
    const n = fileIndexOf(inner);
    if (n !== null) files.add(n);
    if (id.startsWith(`${WEB_IMAGE_SCHEME}:`)) unregisterWebImage(id);
    removeImageSource(id);
    forgetSourceFile(id);
  }
  for (const n of files) {
    // Intake loaded the data set once and every decoded frame once more; removing the cached images above
    // unloaded theirs. Whatever count is left is ours: drop it entirely.
    const uri = String(n);
    for (let guard = 0; guard < 100_000 && wadouri.dataSetCacheManager.isLoaded(uri); guard++) wadouri.dataSetCacheManager.unload(uri);
    wadouri.fileManager.remove(n);
  }
  for (const l of listeners) l(imageIds);
}

/** Closes studies (Close study / Close all in the study list). */
export function closeStudies(studyKeys: string[]): void {
  const removed = useStore.getState().removeStudies(studyKeys);
  if (removed.length === 0) return;
  const shown = viewportController.currentBaseImageId;
  if (shown && removed.includes(shown)) {
    // Nothing else to show, or the next series is about to replace it: the viewport lets go of the image.
    if (!useStore.getState().activeSeriesKey) viewportController.clear();
  }
  releaseImages(removed);
}

/** Closes everything that is open. */
export function closeAllStudies(): void {
  closeStudies(Object.keys(useStore.getState().studies));
}

export interface OpenResources {
  /** Bytes of decoded images in Cornerstone's cache. */
  cornerstoneCacheBytes: number;
  /** Parsed DICOM data sets (each holds its file's bytes) in the wadouri loader's cache. */
  dataSets: number;
  dataSetBytes: number;
  /** Images in the store. */
  images: number;
}

/** What is held for open images right now (tests and the long-session benchmark read it). */
export function openResources(): OpenResources {
  const info = wadouri.dataSetCacheManager.getInfo();
  return {
    cornerstoneCacheBytes: cache.getCacheSize(),
    dataSets: info.numberOfDataSetsCached,
    dataSetBytes: info.cacheSizeInBytes,
    images: useStore.getState().imageOrder.length,
  };
}

declare global {
  interface Window {
    __statreadResources?: () => OpenResources;
  }
}
if (typeof window !== 'undefined') window.__statreadResources = openResources;
