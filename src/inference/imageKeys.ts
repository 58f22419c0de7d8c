// Each image's identity for the result cache, worked out once per image id: refused by its DICOM header
// (preGate.ts), or its result key (resultKey.ts: SOP Instance UID and pixel-meaning fields, or the SHA-256 of a
// PNG/JPEG file). The key is also written to the image registry. At most two files are read for hashing at a
// time, so a large drop does not hold every file's bytes at once.
import { imageRegistry } from '../images';
import { preGate } from './preGate';
import { contentResultKey, dicomResultKey, sha256Hex, type ModelRef } from './resultKey';

export type Resolved = { kind: 'refused'; reason: string } | { kind: 'key'; key: string } | { kind: 'error'; reason: string };

const memo = new Map<string, Promise<Resolved>>();
const HASHING = 2;
let hashing = 0;
const waiting: (() => void)[] = [];

async function hashFile(blob: Blob): Promise<string> {
  while (hashing >= HASHING) await new Promise<void>((r) => waiting.push(r));
  hashing++;
  try {
    return await sha256Hex(await blob.arrayBuffer());
  } finally {
    hashing--;
    waiting.shift()?.();
  }
}

async function resolve(imageId: string, model: ModelRef): Promise<Resolved> {
  const e = imageRegistry.get(imageId);
  if (!e) return { kind: 'error', reason: 'the original file of this image is not available' };
  const refused = preGate(e.header);
  if (refused) return { kind: 'refused', reason: refused };
  const h = e.header;
  let key: string;
  if (h && h.sopInstanceUid) {
    key = dicomResultKey(model, {
      sopInstanceUid: h.sopInstanceUid,
      frame: e.frame,
      numberOfFrames: h.numberOfFrames,
      transferSyntaxUid: h.transferSyntaxUid,
      photometricInterpretation: h.photometricInterpretation,
      rows: h.rows,
      columns: h.columns,
      bitsStored: h.bitsStored,
      fileSize: e.source.size,
    });
  } else {
    try {
      key = contentResultKey(model, await hashFile(e.source), e.frame);
    } catch (err) {
      return { kind: 'error', reason: `could not read the file (${err instanceof Error ? err.message : String(err)})` };
    }
  }
  imageRegistry.setResultKey(imageId, key);
  return { kind: 'key', key };
}

export function resolveImage(imageId: string, model: ModelRef): Promise<Resolved> {
  let p = memo.get(imageId);
  if (!p) {
    p = resolve(imageId, model);
    memo.set(imageId, p);
  }
  return p;
}

export function forgetImageKeys(imageIds: readonly string[]): void {
  for (const id of imageIds) memo.delete(id);
}
