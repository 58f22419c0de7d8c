// What StatRead sends carries the patient's name as the viewer showed it: readPart10 decodes every character set
// (ISO 2022 code extensions included, which dcmjs alone leaves as escape codes) and writes it back as UTF-8.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { copyPatientStudy } from './aiSr';
import { readPart10, writePart10 } from './dicomPart10';
import { CHARSET_DIR, EXPECTED_PATIENT_NAMES, SEQUENCE_ONLY_FILES } from '../../test-support/charsetFiles';
import { dataPath, missingDataReason } from '../../test-support/sharedData';

const reason = missingDataReason(CHARSET_DIR);
if (reason) console.warn(`character set export tests skipped: ${reason}`);

type Pn = { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
const pnText = (v: unknown) => {
  const pn = (v as Pn[])[0];
  return [pn.Alphabetic ?? '', pn.Ideographic ?? '', pn.Phonetic ?? ''].join('=').replace(/=+$/, '');
};

describe.skipIf(reason !== null)('readPart10 character sets', () => {
  it('reads, copies and writes back every charset file name unchanged', () => {
    const files = readdirSync(dataPath(CHARSET_DIR)).filter((f) => f.endsWith('.dcm') && !SEQUENCE_ONLY_FILES.has(f));
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const file of files) {
      const expected = EXPECTED_PATIENT_NAMES[file].replace(/=+$/, '');
      const header = readPart10(new Uint8Array(readFileSync(dataPath(CHARSET_DIR, file))));
      expect(pnText(header.PatientName), file).toBe(expected);
      const copy = { ...copyPatientStudy(header), SpecificCharacterSet: 'ISO_IR 192', SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.22', SOPInstanceUID: '1.2.3.4' };
      const back = readPart10(writePart10(copy));
      expect(pnText(back.PatientName), file).toBe(expected);
    }
  });
});
