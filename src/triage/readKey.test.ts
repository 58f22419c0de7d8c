import { describe, expect, it } from 'vitest';
import { readMarkKey } from './readKey';
import { sha256Hex } from '../inference/resultKey';

describe('readMarkKey', () => {
  it('keys a DICOM study by the hash of its Study Instance UID, whatever its images', async () => {
    const uid = '1.2.826.0.1.3680043.8.498.1';
    const a = await readMarkKey({ kind: 'dicom', studyUid: uid, imageIds: ['wadouri:1'] }, () => null);
    const b = await readMarkKey({ kind: 'dicom', studyUid: uid, imageIds: ['wadouri:9', 'wadouri:10'] }, () => 'ff');
    expect(a).toBe(`study:${await sha256Hex(uid)}`);
    expect(b).toBe(a);
    expect(a).not.toContain(uid);
    expect(await readMarkKey({ kind: 'dicom', studyUid: `${uid}.2`, imageIds: ['wadouri:1'] }, () => null)).not.toBe(a);
  });

  it('keys a PNG/JPEG row by its file content hash, once known', async () => {
    const hashes: Record<string, string> = { 'web:1': 'abc123' };
    const hashOf = (id: string) => hashes[id] ?? null;
    expect(await readMarkKey({ kind: 'web', studyUid: '', imageIds: ['web:1'] }, hashOf)).toBe('image:abc123');
    expect(await readMarkKey({ kind: 'web', studyUid: '', imageIds: ['web:2'] }, hashOf)).toBeNull();
  });

  it('has no key for a DICOM study without a UID', async () => {
    expect(await readMarkKey({ kind: 'dicom', studyUid: '', imageIds: ['wadouri:1'] }, () => 'abc')).toBeNull();
  });
});
