// The data set kept per opened file holds the header only: same header values, no pixel bytes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyBytes } from './classifyFile';
import { headerOnlyDataSet } from './headerOnlyDataSet';
import { summariseHeader } from './headerSummary';
import { tagRows } from './tagRows';
import { dataPath, missingDataReason } from '../../test-support/sharedData';

const WADO = 'dicom-conformance/cornerstone-wado-testimages';

function load(rel: string) {
  const bytes = new Uint8Array(readFileSync(dataPath(rel)));
  const c = classifyBytes(bytes, rel);
  if (c.kind !== 'dicom') throw new Error(`${rel}: ${c.kind}`);
  return { bytes, c };
}

describe('headerOnlyDataSet', () => {
  const reason = missingDataReason('dicom-cxr') ?? missingDataReason(WADO);
  it.skipIf(reason !== null)('keeps every header value and the tag browser rows but not the pixel bytes (JPEG CR, uncompressed CT, multi-frame)', () => {
    const files = [
      'dicom-cxr/siim-cr-chest-jpeg-baseline.dcm',
      `${WADO}/CTImage.dcm`,
      `${WADO}/US-YBR_FULL_422-EVRLE.dcm`,
      `${WADO}/CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm`,
    ].filter((f) => !missingDataReason(f));
    let checked = 0;
    for (const f of files) {
      const { bytes, c } = load(f);
      const slim = headerOnlyDataSet(c.dataSet, c.header.transferSyntaxUid);
      if (bytes.length < 64 * 1024) continue;
      checked++;
      expect(slim.byteArray.length, f).toBeLessThan(bytes.length / 4);
      expect(summariseHeader(slim, c.header.transferSyntaxUid), f).toEqual(c.header);
      const rows = (ds: typeof slim) => tagRows(ds, () => undefined).map((r) => `${r.tag} ${r.value}`);
      expect(rows(slim), f).toEqual(rows(c.dataSet));
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
