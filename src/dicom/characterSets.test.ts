// Every file of pydicom's character set collection shows its expected Patient's Name: the header summary (corner
// annotations, study list, worklist, exports) and the tag browser decode (0008,0005) the way pydicom does.
import { readdirSync, readFileSync } from 'node:fs';
import { parseDicom, type DataSet } from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { decodeDicomText, formatPersonName, parseSpecificCharacterSet, rawValue } from '../model/dicomText';
import { summariseHeader } from './headerSummary';
import { tagRows } from './tagRows';
import { CHARSET_DIR, EXPECTED_PATIENT_NAMES, readFileInfo, SEQUENCE_ONLY_FILES } from '../../test-support/charsetFiles';
import { dataPath, missingDataReason } from '../../test-support/sharedData';

const reason = missingDataReason(CHARSET_DIR);
if (reason) console.warn(`character set tests skipped: ${reason}`);

function load(file: string): DataSet {
  return parseDicom(new Uint8Array(readFileSync(dataPath(CHARSET_DIR, file))));
}

describe.skipIf(reason !== null)('pydicom character set files', () => {
  it('FileInfo.txt: the listed bytes are the file bytes and decode to the expected name under the listed sets', () => {
    const rows = readFileInfo();
    expect(rows.length).toBeGreaterThanOrEqual(12);
    for (const row of rows) {
      const ds = load(row.file);
      expect(parseSpecificCharacterSet(ds.string('x00080005')), row.file).toEqual(row.characterSets);
      const raw = rawValue(ds, 'x00100010')!;
      // The value is padded to an even length with a space.
      expect(Buffer.from(raw).toString('latin1').replace(/ $/, ''), row.file).toBe(Buffer.from(row.nameBytes).toString('latin1'));
      expect(decodeDicomText(row.nameBytes, 'PN', row.characterSets), row.file).toBe(EXPECTED_PATIENT_NAMES[row.file]);
    }
  });

  it('every file in the folder shows its expected name (header summary and tag browser)', () => {
    const files = readdirSync(dataPath(CHARSET_DIR)).filter((f) => f.endsWith('.dcm'));
    expect(files.length).toBeGreaterThanOrEqual(17);
    for (const file of files) {
      const expected = EXPECTED_PATIENT_NAMES[file];
      expect(expected, `${file} has no expected name in test-support/charsetFiles.ts`).toBeDefined();
      const ds = load(file);
      const rows = tagRows(ds, () => undefined);
      const nameRows = rows.filter((r) => r.tag === '(0010,0010)').map((r) => r.value);
      expect(nameRows, file).toContain(expected.trim());
      if (SEQUENCE_ONLY_FILES.has(file)) {
        expect(ds.elements.x00100010, file).toBeUndefined();
        expect(nameRows, file).toEqual([expected]);
      } else {
        expect(summariseHeader(ds, '1.2.840.10008.1.2.1').patientName, file).toBe(formatPersonName(expected));
      }
    }
  });

  it('multi-valued PN and LO keep their values', () => {
    const ds = load('chrFrenMulti.dcm');
    const rows = tagRows(ds, () => undefined).filter((r) => r.vr === 'PN' || r.vr === 'LO');
    expect(rows.map((r) => r.value).join('|')).toContain('Jérôme');
    expect(rows.map((r) => r.value).join('|')).not.toMatch(/Ã/);
  });
});
