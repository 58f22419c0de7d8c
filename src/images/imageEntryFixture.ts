// A registry entry with defaults, for unit tests that register images without intake (never used by the app).
import type { ImageEntry } from './types';

export function imageEntryFixture(imageId: string, source: Blob, patch: Partial<ImageEntry> = {}): ImageEntry {
  return {
    imageId,
    fileName: `${imageId}.dcm`,
    path: `${imageId}.dcm`,
    frame: 0,
    kind: 'dicom',
    source,
    origin: 'local',
    header: null,
    dataSet: null,
    web: null,
    resultKey: null,
    ...patch,
  };
}
