// Persistence keys: SOP Instance UID (+ frame, + what changes the pixels' meaning) or content SHA-256, per model.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentHashOfKey, contentResultKey, dicomResultKey, sha256Hex } from './resultKey';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { classifyBytes } from '../dicom/classifyFile';

const model = { id: 'cxr-mobilenet-fold-128', version: '1.0.0' };
const ident = {
  sopInstanceUid: '1.2.3.4',
  frame: 0,
  numberOfFrames: 1,
  transferSyntaxUid: '1.2.840.10008.1.2.1',
  photometricInterpretation: 'MONOCHROME2',
  rows: 1024,
  columns: 1024,
  bitsStored: 12,
  fileSize: 2_100_000,
};

describe('result keys', () => {
  it('DICOM: model id and version, SOP Instance UID, frame only for multi-frame files', () => {
    expect(dicomResultKey(model, ident)).toBe('cxr-mobilenet-fold-128@1.0.0|sop:1.2.3.4|1.2.840.10008.1.2.1|MONOCHROME2|1024x1024x12|2100000');
    expect(dicomResultKey(model, { ...ident, numberOfFrames: 3, frame: 1 })).toContain('|sop:1.2.3.4#2|');
    // Another model version is another key: results of an older model are never shown for a newer one.
    expect(dicomResultKey({ ...model, version: '1.0.1' }, ident)).not.toBe(dicomResultKey(model, ident));
  });

  it('PNG/JPEG: the SHA-256 of the bytes (same as Node crypto)', async () => {
    const bytes = new TextEncoder().encode('StatRead');
    const hex = await sha256Hex(bytes);
    expect(hex).toBe(createHash('sha256').update('StatRead').digest('hex'));
    expect(await sha256Hex('StatRead')).toBe(hex);
    expect(contentResultKey(model, hex)).toBe(`cxr-mobilenet-fold-128@1.0.0|sha256:${hex}`);
    // The hash is read back from the key (read marks, export); a SOP key carries none.
    expect(contentHashOfKey(contentResultKey(model, hex))).toBe(hex);
    expect(contentHashOfKey(contentResultKey(model, hex, 2))).toBe(hex);
    expect(contentHashOfKey(dicomResultKey(model, ident))).toBeNull();
    expect(contentHashOfKey(null)).toBeNull();
  });

  it('two real files that share a SOP Instance UID but not their photometric interpretation get different keys', () => {
    const reason = missingDataReason('dicom-cxr');
    if (reason) return console.warn(reason);
    const keys = ['siim-cr-chest-jpeg-baseline.dcm', 'siim-cr-chest-monochrome1.dcm'].map((f) => {
      const bytes = new Uint8Array(readFileSync(dataPath('dicom-cxr', f)));
      const c = classifyBytes(bytes, f);
      if (c.kind !== 'dicom') throw new Error(`${f} is not DICOM`);
      const h = c.header;
      return {
        uid: h.sopInstanceUid,
        key: dicomResultKey(model, { ...h, frame: 0, fileSize: bytes.length }),
      };
    });
    expect(keys[0].uid).toBe(keys[1].uid);
    expect(keys[0].key).not.toBe(keys[1].key);
    expect(keys[0].key).toContain(`|sop:${keys[0].uid}|`);
  });
});
