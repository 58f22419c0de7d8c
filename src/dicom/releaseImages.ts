// Closing studies: the store forgets their images (studiesSlice.removeStudies moves the viewport to another series
// or empties it), then the image registry releases them. Everything held per image goes through that one call:
// the registry runs the release hooks of the capabilities that hold resources (the viewer's: Cornerstone's
// cache, the wadouri loader and the viewport, src/viewer/cornerstone/releaseDisplay.ts; scoring's: queued work)
// and then forgets header, data set, file and result key.
import { cache } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { imageRegistry } from '../images';
import { useStore } from '../store';

/** Closes studies (Close study / Close all in the study list). */
export function closeStudies(studyKeys: string[]): void {
  const removed = useStore.getState().removeStudies(studyKeys);
  if (removed.length) imageRegistry.release(removed);
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
  /** Images in the image registry. */
  registry: number;
}

/** What is held for open images right now (tests and the long-session benchmark read it). */
export function openResources(): OpenResources {
  const info = wadouri.dataSetCacheManager.getInfo();
  return {
    cornerstoneCacheBytes: cache.getCacheSize(),
    dataSets: info.numberOfDataSetsCached,
    dataSetBytes: info.cacheSizeInBytes,
    images: useStore.getState().imageOrder.length,
    registry: imageRegistry.size(),
  };
}

declare global {
  interface Window {
    __statreadResources?: () => OpenResources;
  }
}
if (__STATREAD_TEST_HOOKS__ && typeof window !== 'undefined') window.__statreadResources = openResources;
