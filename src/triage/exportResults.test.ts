// Export: identifiers left out unless asked, SHA-256 of the study UID, CSV through papaparse.
import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { buildExportRows, IDENTIFIER_COLUMNS, toCsv, toJson, type ExportInput } from './exportResults';

const dicom: ExportInput = {
  info: {
    key: 's:1.2.840.99.1',
    kind: 'dicom',
    patientName: 'Doe, Jane',
    patientId: 'MRN-0042',
    studyUid: '1.2.840.99.1',
    accession: 'ACC7',
    studyDate: '20240131',
    description: 'CHEST PA, "urgent"',
    imageIds: ['dicomfile:0', 'dicomfile:1'],
    fileNames: ['jane doe chest.dcm', 'lat.dcm'],
    arrival: 0,
  },
  summary: {
    key: 's:1.2.840.99.1',
    status: 'done',
    reason: '',
    score: 0.8,
    abnormal: 0.8,
    abnormalPositive: true,
    criticalScore: 0.31,
    flagged: true,
    topFinding: { label: 'Pneumothorax', probability: 0.31, flagged: true },
    probabilities: { Pneumothorax: 0.31, Effusion: 0.2 },
    scoredImages: 2,
    arrival: 0,
  },
  read: false,
  contentSha256: null,
};
const png: ExportInput = {
  info: {
    ...dicom.info,
    key: 'web:statread-web:0',
    kind: 'web',
    patientName: '',
    patientId: '',
    studyUid: '',
    accession: '',
    studyDate: '',
    description: 'x.png',
    imageIds: ['statread-web:0'],
    fileNames: ['x.png'],
  },
  summary: {
    ...dicom.summary,
    key: 'web:statread-web:0',
    status: 'not-scored',
    reason: 'image is unlike…',
    score: null,
    abnormal: null,
    abnormalPositive: false,
    criticalScore: null,
    flagged: false,
    topFinding: null,
    probabilities: {},
  },
  read: true,
  contentSha256: 'ab'.repeat(32),
};
const opts = { includeIdentifiers: false, labels: ['Pneumothorax', 'Effusion'], model: { id: 'm', version: '1' } };

describe('export', () => {
  it('leaves identifiers out by default and carries the SHA-256 of the Study Instance UID', async () => {
    const rows = await buildExportRows([dicom, png], opts);
    for (const col of IDENTIFIER_COLUMNS) for (const r of rows) expect(r).not.toHaveProperty(col);
    expect(rows[0].studyUidSha256).toBe(createHash('sha256').update('1.2.840.99.1').digest('hex'));
    expect(rows[0].studyYear).toBe('2024');
    expect(rows[1].imageSha256).toBe('ab'.repeat(32));
    const text = toCsv(rows) + toJson(rows, opts, '2026-01-01T00:00:00Z');
    for (const secret of ['Doe', 'MRN-0042', 'ACC7', '1.2.840.99.1', '20240131', 'jane doe', 'urgent']) expect(text).not.toContain(secret);
  });

  it('includes them when asked', async () => {
    const rows = await buildExportRows([dicom], { ...opts, includeIdentifiers: true });
    expect(rows[0]).toMatchObject({
      patientName: 'Doe, Jane',
      patientId: 'MRN-0042',
      studyInstanceUid: '1.2.840.99.1',
      accessionNumber: 'ACC7',
      fileNames: 'jane doe chest.dcm lat.dcm',
    });
    expect(JSON.parse(toJson(rows, { ...opts, includeIdentifiers: true }, 'now')).identifiers).toBe('included');
  });

  it('CSV round-trips through papaparse (quotes, commas) with one column per finding', async () => {
    const rows = await buildExportRows([dicom, png], { ...opts, includeIdentifiers: true });
    const parsed = Papa.parse<Record<string, string>>(toCsv(rows), { header: true, skipEmptyLines: true });
    expect(parsed.data).toHaveLength(2);
    expect(parsed.data[0].description).toBe('CHEST PA, "urgent"');
    expect(parsed.data[0].p_Pneumothorax).toBe('0.31');
    expect(parsed.data[0].flagged).toBe('true');
    expect(parsed.data[1].criticalProbability).toBe('');
    // The "any finding" probability and whether it is above its operating point, next to the critical one.
    expect(parsed.data[0].abnormalProbability).toBe('0.8');
    expect(parsed.data[0].abnormalAbove).toBe('true');
    expect(parsed.data[0].criticalProbability).toBe('0.31');
    expect(parsed.data[0].topFinding).toBe('Pneumothorax');
    expect(parsed.data[1].abnormalProbability).toBe('');
    expect(parsed.data[1].abnormalAbove).toBe('');
    expect(parsed.data[1].status).toBe('not-scored');
    expect(parsed.data.map((r) => r.rank)).toEqual(['1', '2']);
  });
});
