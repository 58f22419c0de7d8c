// The AI result as a DICOM Comprehensive SR (1.2.840.10008.5.1.4.1.1.88.33). Comprehensive, not Basic Text: a
// probability is a number, and NUM content items (with units and an exact FloatingPointValue) are not allowed in
// Basic Text SR; Comprehensive SR is also the class PACS and viewers support most widely. The tree:
//
//   CONTAINER (18748-4 LN "Diagnostic imaging report")
//     HAS OBS CONTEXT  TEXT (111001 DCM "Algorithm Name") = model id
//     HAS OBS CONTEXT  TEXT (111003 DCM "Algorithm Version") = model version
//     CONTAINS         TEXT (121106 DCM "Comment") = disclaimer + one line per finding
//     CONTAINS         IMAGE (121112 DCM "Source of Measurement") -> the scored image
//     CONTAINS         CONTAINER (<label> 99STATREAD) per finding
//                        CONTAINS NUM  (probability 99STATREAD)      value in [0,1], units UCUM "1"
//                        CONTAINS NUM  (operating-point 99STATREAD)  value in [0,1]
//                        CONTAINS CODE (critical 99STATREAD)         SCT Yes/No
//                        CONTAINS CODE (flag 99STATREAD)             SCT Yes/No
//
// "99STATREAD" is a private coding scheme (PS3.16 "99" prefix) for concepts without a standard code.
import type { NaturalDataset } from './dicomPart10';
import { AI_DISCLAIMER, AI_SERIES_DESCRIPTION, STATREAD_MANUFACTURER, findingSummary, type AiReport, type AiReportFinding } from './aiReport';

export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';
export const SCHEME = '99STATREAD';

type Code = { CodeValue: string; CodingSchemeDesignator: string; CodeMeaning: string };
const code = (CodeValue: string, CodingSchemeDesignator: string, CodeMeaning: string): Code => ({ CodeValue, CodingSchemeDesignator, CodeMeaning });

export const CODES = {
  report: code('18748-4', 'LN', 'Diagnostic imaging report'),
  algorithmName: code('111001', 'DCM', 'Algorithm Name'),
  algorithmVersion: code('111003', 'DCM', 'Algorithm Version'),
  comment: code('121106', 'DCM', 'Comment'),
  source: code('121112', 'DCM', 'Source of Measurement'),
  probability: code('probability', SCHEME, 'Probability'),
  operatingPoint: code('operating-point', SCHEME, 'Operating point'),
  critical: code('critical', SCHEME, 'Critical finding'),
  flag: code('flag', SCHEME, 'AI flag (critical finding at or above its operating point)'),
  yes: code('373066001', 'SCT', 'Yes'),
  no: code('373067005', 'SCT', 'No'),
  unitless: code('1', 'UCUM', 'no units'),
};

/** The source image's study and patient, copied into every result so it lands in the same study. */
export const PATIENT_STUDY_KEYWORDS = [
  'PatientName',
  'PatientID',
  'IssuerOfPatientID',
  'PatientBirthDate',
  'PatientSex',
  'PatientAge',
  'StudyInstanceUID',
  'StudyDate',
  'StudyTime',
  'StudyID',
  'AccessionNumber',
  'ReferringPhysicianName',
  'StudyDescription',
] as const;

export interface SourceImage {
  /** The source image's header (naturalised). */
  header: NaturalDataset;
}

export interface ResultUids {
  seriesInstanceUid: string;
  sopInstanceUid: string;
}

/** Copies the patient and study modules (type 2 attributes stay present, empty when the source lacks them). */
export function copyPatientStudy(src: NaturalDataset): NaturalDataset {
  const out: NaturalDataset = {};
  for (const k of PATIENT_STUDY_KEYWORDS) {
    const v = src[k];
    if (v !== undefined && v !== null) out[k] = v;
  }
  for (const k of [
    'PatientName',
    'PatientID',
    'PatientBirthDate',
    'PatientSex',
    'StudyDate',
    'StudyTime',
    'StudyID',
    'AccessionNumber',
    'ReferringPhysicianName',
  ])
    if (out[k] === undefined) out[k] = '';
  if (!out.StudyInstanceUID) throw new Error('the source image has no Study Instance UID');
  return out;
}

export function dicomDateTime(d: Date): { date: string; time: string } {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    date: `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}`,
    time: `${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`,
  };
}

/**
 * The modules every StatRead result instance shares (SOP common, the source's patient and study, the AI series,
 * equipment, instance number and dates): the SR and the heatmap Secondary Capture add their own class-specific ones.
 */
export function aiResultHeader(
  source: SourceImage,
  report: AiReport,
  uids: ResultUids,
  now: Date,
  kind: { sopClassUid: string; modality: string; seriesNumber: number },
): NaturalDataset {
  const { date, time } = dicomDateTime(now);
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: kind.sopClassUid,
    SOPInstanceUID: uids.sopInstanceUid,
    ...copyPatientStudy(source.header),
    Modality: kind.modality,
    SeriesInstanceUID: uids.seriesInstanceUid,
    SeriesNumber: kind.seriesNumber,
    SeriesDescription: AI_SERIES_DESCRIPTION,
    SeriesDate: date,
    SeriesTime: time,
    Manufacturer: STATREAD_MANUFACTURER,
    ManufacturerModelName: report.modelId,
    SoftwareVersions: report.modelVersion,
    InstanceNumber: 1,
    ContentDate: date,
    ContentTime: time,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
  };
}

/** A DS value (at most 16 characters) close to `x`; the exact double goes in FloatingPointValue. */
export function decimalString(x: number): string {
  for (let digits = 14; digits >= 1; digits--) {
    const s = Number(x.toPrecision(digits)).toString();
    if (s.length <= 16 && !/e/i.test(s)) return s;
  }
  return x < 1e-6 ? '0' : x.toFixed(6);
}

function num(concept: Code, value: number): NaturalDataset {
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'NUM',
    ConceptNameCodeSequence: [concept],
    MeasuredValueSequence: [{ NumericValue: decimalString(value), FloatingPointValue: value, MeasurementUnitsCodeSequence: [CODES.unitless] }],
  };
}

function yesNo(concept: Code, value: boolean): NaturalDataset {
  return { RelationshipType: 'CONTAINS', ValueType: 'CODE', ConceptNameCodeSequence: [concept], ConceptCodeSequence: [value ? CODES.yes : CODES.no] };
}

function findingContainer(f: AiReportFinding): NaturalDataset {
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [code(f.label, SCHEME, f.label)],
    ContinuityOfContent: 'SEPARATE',
    ContentSequence: [
      num(CODES.probability, f.probability),
      // A finding without an operating point (not validated) has none to report.
      ...(f.operatingPoint === null ? [] : [num(CODES.operatingPoint, f.operatingPoint)]),
      yesNo(CODES.critical, f.critical),
      yesNo(CODES.flag, f.flagged),
    ],
  };
}

export function reportText(report: AiReport): string {
  const lines = [AI_DISCLAIMER, `Model ${report.modelId} v${report.modelVersion} (backend ${report.backend}).`];
  if (report.forced) lines.push('Scored anyway: the image did not pass the frontal-chest gate; treat these numbers as unreliable.');
  for (const f of report.findings) lines.push(findingSummary(f));
  return lines.join('\n');
}

/** The SR as a naturalised data set (write it with writePart10). */
export function buildAiSr(source: SourceImage, report: AiReport, uids: ResultUids, now = new Date()): NaturalDataset {
  const src = source.header;
  const sopClass = String(src.SOPClassUID ?? '');
  const sopInstance = String(src.SOPInstanceUID ?? '');
  const seriesUid = String(src.SeriesInstanceUID ?? '');
  if (!sopClass || !sopInstance || !seriesUid) throw new Error('the source image lacks its SOP Class, SOP Instance or Series Instance UID');
  const ref = { ReferencedSOPClassUID: sopClass, ReferencedSOPInstanceUID: sopInstance };
  return {
    ...aiResultHeader(source, report, uids, now, { sopClassUid: COMPREHENSIVE_SR, modality: 'SR', seriesNumber: 9901 }),
    ReferencedPerformedProcedureStepSequence: [],
    PerformedProcedureCodeSequence: [],
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    CurrentRequestedProcedureEvidenceSequence: [
      { StudyInstanceUID: String(src.StudyInstanceUID), ReferencedSeriesSequence: [{ SeriesInstanceUID: seriesUid, ReferencedSOPSequence: [ref] }] },
    ],
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [CODES.report],
    ContinuityOfContent: 'SEPARATE',
    ContentSequence: [
      { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'TEXT', ConceptNameCodeSequence: [CODES.algorithmName], TextValue: report.modelId },
      { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'TEXT', ConceptNameCodeSequence: [CODES.algorithmVersion], TextValue: report.modelVersion },
      { RelationshipType: 'CONTAINS', ValueType: 'TEXT', ConceptNameCodeSequence: [CODES.comment], TextValue: reportText(report) },
      { RelationshipType: 'CONTAINS', ValueType: 'IMAGE', ConceptNameCodeSequence: [CODES.source], ReferencedSOPSequence: [ref] },
      ...report.findings.map(findingContainer),
    ],
  };
}
