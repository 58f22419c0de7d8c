// Keys under which scored results are kept (IndexedDB, resultCache.ts): the model's id and version, then the
// image's identity: the SOP Instance UID for DICOM (plus the frame for multi-frame files), or the SHA-256 of the
// file's bytes for PNG/JPEG (and for a DICOM file without a SOP Instance UID).
//
// A DICOM key also carries the header fields that change what the pixels mean (transfer syntax, photometric
// interpretation, size, bits, file size): two files that share a SOP Instance UID but differ there (a re-encoded
// or relabelled copy, e.g. the MONOCHROME1 twin in the test data) must not share a result.
export interface ModelRef {
  id: string;
  version: string;
}

export interface DicomIdentity {
  sopInstanceUid: string;
  frame: number;
  numberOfFrames: number;
  transferSyntaxUid: string;
  photometricInterpretation: string;
  rows: number;
  columns: number;
  bitsStored: number;
  fileSize: number;
}

export function modelPrefix(model: ModelRef): string {
  return `${model.id}@${model.version}`;
}

export function dicomResultKey(model: ModelRef, d: DicomIdentity): string {
  const frame = d.numberOfFrames > 1 ? `#${d.frame + 1}` : '';
  const pixels = `${d.transferSyntaxUid}|${d.photometricInterpretation}|${d.rows}x${d.columns}x${d.bitsStored}|${d.fileSize}`;
  return `${modelPrefix(model)}|sop:${d.sopInstanceUid}${frame}|${pixels}`;
}

export function contentResultKey(model: ModelRef, sha256: string, frame = 0): string {
  return `${modelPrefix(model)}|sha256:${sha256}${frame > 0 ? `#${frame + 1}` : ''}`;
}

/** The file's SHA-256 carried by a content key (PNG/JPEG: the worklist's read mark and export use it); null for SOP keys. */
export function contentHashOfKey(key: string | null | undefined): string | null {
  const m = /\|sha256:([0-9a-f]{64})(?:#\d+)?$/.exec(key ?? '');
  return m ? m[1] : null;
}

/** Lower-case hex SHA-256 (Web Crypto: the browser and Node 20 both have crypto.subtle). */
export async function sha256Hex(data: ArrayBuffer | Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data instanceof Uint8Array ? data : new Uint8Array(data);
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
