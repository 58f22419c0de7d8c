import { describe, expect, it } from 'vitest';
import { buildStudyQuery, dateRange, formatDicomDate, formatPersonName, nameMatcher, parseInstances, parseStudies } from './qido';

describe('QIDO-RS study query', () => {
  it('builds patient, date range, accession, modality and paging parameters', () => {
    const p = buildStudyQuery(
      { patientName: 'smith', patientId: ' 123 ', dateFrom: '2025-01-02', dateTo: '2025-01-31', accessionNumber: 'A7', modalities: ['cr', 'DX'], offset: 50 },
      25,
    );
    expect(p.get('PatientName')).toBe('*smith*');
    expect(p.get('PatientID')).toBe('123');
    expect(p.get('StudyDate')).toBe('20250102-20250131');
    expect(p.get('AccessionNumber')).toBe('A7');
    expect(p.get('ModalitiesInStudy')).toBe('CR,DX');
    expect(p.get('limit')).toBe('26'); // one more than a page: tells whether a next page exists
    expect(p.get('offset')).toBe('50');
    expect(p.getAll('includefield')).toContain('00081030');
  });

  it('leaves out empty criteria (no modality = any) and offset 0', () => {
    const p = buildStudyQuery({ patientName: '  ', modalities: [] }, 10);
    expect([...p.keys()].filter((k) => k !== 'includefield')).toEqual(['limit']);
  });

  it('date ranges: open ends, single day, bad input', () => {
    expect(dateRange('2025-03-01', '')).toBe('20250301-');
    expect(dateRange('', '20250301')).toBe('-20250301');
    expect(dateRange('20250301', '2025-03-01')).toBe('20250301');
    expect(dateRange('', '')).toBe('');
    expect(() => dateRange('2025-3-1', '')).toThrow(/not a date/);
    expect(() => dateRange('20250302', '20250301')).toThrow(/after/);
  });

  it('name matcher keeps explicit wildcards', () => {
    expect(nameMatcher('DOE^J*')).toBe('DOE^J*');
    expect(nameMatcher('doe')).toBe('*doe*');
  });

  it('the query string is URL-encoded (wildcards, carets, commas)', () => {
    const s = buildStudyQuery({ patientName: 'DOE^J*', modalities: ['CR', 'DX'] }, 5).toString();
    expect(s).toContain('PatientName=DOE%5EJ*');
    expect(s).toContain('ModalitiesInStudy=CR%2CDX');
  });
});

describe('DICOM JSON answers', () => {
  const study = {
    '0020000D': { vr: 'UI', Value: ['1.2.3'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] },
    '00100020': { vr: 'LO', Value: ['P1'] },
    '00080020': { vr: 'DA', Value: ['20250101'] },
    '00080061': { vr: 'CS', Value: ['CR', 'SR'] },
    '00201208': { vr: 'IS', Value: [3] },
    '00080050': { vr: 'SH' },
  };
  it('studies: names, dates, modalities, counts; missing values are empty', () => {
    const [s] = parseStudies([study, { '00100010': { vr: 'PN' } }]);
    expect(s).toMatchObject({
      studyInstanceUid: '1.2.3',
      patientName: 'DOE^JANE',
      patientId: 'P1',
      studyDate: '20250101',
      modalities: ['CR', 'SR'],
      numberOfInstances: 3,
      accessionNumber: '',
      numberOfSeries: null,
    });
    expect(parseStudies([study, {}])).toHaveLength(1); // no Study Instance UID: dropped
    expect(() => parseStudies({ error: 1 })).toThrow(/not a DICOM JSON array/);
  });
  it('instances', () => {
    const list = parseInstances(
      [
        {
          '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
          '00080018': { vr: 'UI', Value: ['1.2.3.4.5'] },
          '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.1'] },
          '00200013': { vr: 'IS', Value: ['2'] },
        },
      ],
      '1.2.3',
    );
    expect(list).toEqual([
      { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5', sopClassUid: '1.2.840.10008.5.1.4.1.1.1', instanceNumber: 2 },
    ]);
  });
  it('display helpers', () => {
    expect(formatDicomDate('20250102')).toBe('2025-01-02');
    expect(formatPersonName('DOE^JANE^Q')).toBe('DOE, JANE Q');
  });
});
