// Beyond the WADO set: dicom-conformance/dicomparser-testimages holds the same CTs with fragmented and
// unfragmented encapsulation, with and without a Basic Offset Table, single- and multi-frame, plus deflate
// and endianness variants. Every image file renders and every frame decodes exactly like its uncompressed
// twin (the native file with the same SOP Instance UID); files identical to one in the WADO set are
// checked there; files without a twin are listed as skipped with the reason.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from './support/sharedPage';
import { missingDataReason } from '../test-support/sharedData';
import { checkEveryFrame } from './support/referenceCheck';
import { WADO_DIR, casesIn, wadoCases } from './support/referenceTwins';

const DIR = 'dicom-conformance/dicomparser-testimages';
const missing = missingDataReason(DIR) ?? missingDataReason(WADO_DIR);
const sha1 = (path: string) => createHash('sha1').update(readFileSync(path)).digest('hex');
const inWado = new Set(missing ? [] : wadoCases().map((c) => sha1(c.path)));
const cases = missing ? [] : casesIn(DIR);

test.describe('dicomparser-testimages: encapsulation, offset tables, frames', () => {
  test('shared data present', () => {
    test.skip(missing !== null, missing ?? '');
  });
  for (const c of cases) {
    if (c.kind === 'skip') {
      test(`${c.file}: skipped`, () => test.skip(true, c.reason));
      continue;
    }
    if (inWado.has(sha1(c.path))) {
      test(`${c.file}: skipped`, () => test.skip(true, `identical to a file of ${WADO_DIR}, checked there`));
      continue;
    }
    test(`${c.file}: renders and every frame decodes like the reference (${c.mode})`, async ({ sharedPage }) => {
      await checkEveryFrame(sharedPage, c);
    });
  }
});
