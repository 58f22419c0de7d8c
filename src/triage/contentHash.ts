// The SHA-256 of a PNG/JPEG image's file, once the scoring service has worked out its result key (the key carries
// it): a PNG/JPEG row's read-mark identity and its export id. null until then, and for DICOM images.
import { imageRegistry } from '../images';
import { contentHashOfKey } from '../inference/resultKey';

export function imageContentHash(imageId: string): string | null {
  return contentHashOfKey(imageRegistry.get(imageId)?.resultKey);
}
