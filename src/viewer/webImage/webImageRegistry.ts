// Decoded PNG/JPEG images, by image id, for the web image loader and its metadata provider.
import type { DecodedWebImage } from './decodeWebImage';

export const WEB_IMAGE_SCHEME = 'statread-web';

export interface WebImageEntry {
  imageId: string;
  fileName: string;
  image: DecodedWebImage;
}

const entries = new Map<string, WebImageEntry>();
let counter = 0;

export function registerWebImage(fileName: string, image: DecodedWebImage): string {
  const imageId = `${WEB_IMAGE_SCHEME}:${counter++}`;
  entries.set(imageId, { imageId, fileName, image });
  return imageId;
}

export function getWebImage(imageId: string): WebImageEntry | undefined {
  return entries.get(imageId);
}
