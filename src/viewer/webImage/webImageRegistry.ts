// PNG/JPEG images by image id, for the web image loader and its metadata provider. Only the file (a handle:
// a dropped File is backed by the disk) and what its header says are kept; the pixels are decoded when the
// image is loaded for display and then live in Cornerstone's image cache, which can evict them.
import type { WebImageInfo } from './webImageInfo';

export const WEB_IMAGE_SCHEME = 'statread-web';

export interface WebImageEntry {
  imageId: string;
  fileName: string;
  format: 'png' | 'jpeg';
  file: Blob;
  info: WebImageInfo;
}

const entries = new Map<string, WebImageEntry>();
let counter = 0;

export function registerWebImage(fileName: string, format: 'png' | 'jpeg', file: Blob, info: WebImageInfo): string {
  const imageId = `${WEB_IMAGE_SCHEME}:${counter++}`;
  entries.set(imageId, { imageId, fileName, format, file, info });
  return imageId;
}

export function getWebImage(imageId: string): WebImageEntry | undefined {
  return entries.get(imageId);
}

/** Drops a decoded PNG/JPEG (its study was closed: src/dicom/releaseImages.ts). */
export function unregisterWebImage(imageId: string): void {
  entries.delete(imageId);
}
