/// <reference path="../../src/pacs/dcmjs.d.ts" />
// Copies of the SIIM chest CR (JPEG baseline) written at run time into a temporary folder (never into the repo),
// each with its own series, instance and frame-of-reference UID so the viewer lists and measures them apart;
// an optional edit changes the copy's data set first (e.g. a broken Pixel Spacing).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs, { type DicomDictInstance } from 'dcmjs';
import { dataPath } from '../../test-support/sharedData';

export const SIIM_CR = dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm');

function uid(name: string): string {
  return `2.25.${BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 30)}`).toString()}`;
}

/** Writes one copy per file name; returns their paths in the same order. */
export function writeCrCopies(names: string[], edit?: (dict: DicomDictInstance, name: string) => void): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'statread-cr-'));
  const buf = readFileSync(SIIM_CR);
  const bytes = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  // dcmjs warns "Invalid length for fixed length tag" about the source's 4-byte PatientAge.
  dcmjs.log.setLevel?.('silent');
  try {
    return names.map((name) => {
      const dict = dcmjs.data.DicomMessage.readFile(bytes, { ignoreErrors: true });
      dict.dict['0020000E'] = { vr: 'UI', Value: [uid(`series ${name}`)] };
      dict.dict['00080018'] = { vr: 'UI', Value: [uid(`sop ${name}`)] };
      dict.dict['00200052'] = { vr: 'UI', Value: [uid(`frame of reference ${name}`)] };
      dict.meta['00020003'] = { vr: 'UI', Value: [uid(`sop ${name}`)] };
      edit?.(dict, name);
      const path = join(dir, name);
      writeFileSync(path, new Uint8Array(dict.write()));
      return path;
    });
  } finally {
    dcmjs.log.setLevel?.('warn');
  }
}
