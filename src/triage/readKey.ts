// The logical key of a worklist row's read mark (IndexedDB, readStore.ts): the study's identity, not the model's,
// so a new model version keeps what was read. DICOM: the SHA-256 of the Study Instance UID (the same hash the export
// carries; resultDb stores the row under an HMAC of this key, so the database holds neither the UID nor this hash);
// PNG/JPEG: the SHA-256 of the file's bytes (each image file is its own row). null while the identity is unknown (an image not hashed yet, a DICOM study
// without a UID): such a row's mark lives in memory only.
import { sha256Hex } from '../inference/resultKey';
import type { TriageRowInfo } from './types';

export async function readMarkKey(
  row: Pick<TriageRowInfo, 'kind' | 'studyUid' | 'imageIds'>,
  contentHash: (imageId: string) => string | null,
): Promise<string | null> {
  if (row.kind === 'dicom') return row.studyUid ? `study:${await sha256Hex(row.studyUid)}` : null;
  const first = row.imageIds[0];
  const hash = first ? contentHash(first) : null;
  return hash ? `image:${hash}` : null;
}
