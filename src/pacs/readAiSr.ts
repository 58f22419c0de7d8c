// Reads a StatRead AI SR (aiSr.ts) back: model, findings with probabilities and flags, the referenced image.
// Used by the PACS panel to show results stored in a study, and by the tests to check the round trip.
import { readPart10, type NaturalDataset } from './dicomPart10';
import { CODES, COMPREHENSIVE_SR, SCHEME } from './aiSr';
import type { AiReportFinding } from './aiReport';

export interface StoredAiResult {
  sopInstanceUid: string;
  studyInstanceUid: string;
  modelId: string;
  modelVersion: string;
  text: string;
  contentDate: string;
  contentTime: string;
  findings: AiReportFinding[];
  source: { sopClassUid: string; sopInstanceUid: string } | null;
}

type Item = NaturalDataset;

const seq = (v: unknown): Item[] => (Array.isArray(v) ? (v as Item[]) : v && typeof v === 'object' ? [v as Item] : []);
const first = (v: unknown): Item | undefined => seq(v)[0];
const conceptIs = (it: Item, c: { CodeValue: string; CodingSchemeDesignator: string }) => {
  const n = first(it.ConceptNameCodeSequence);
  return !!n && n.CodeValue === c.CodeValue && n.CodingSchemeDesignator === c.CodingSchemeDesignator;
};

function numValue(it: Item | undefined): number {
  const mv = first(it?.MeasuredValueSequence);
  if (!mv) return NaN;
  const fp = mv.FloatingPointValue;
  const f = Array.isArray(fp) ? Number(fp[0]) : Number(fp);
  if (Number.isFinite(f)) return f;
  return Number(mv.NumericValue);
}

function yes(it: Item | undefined): boolean {
  const c = first(it?.ConceptCodeSequence);
  return !!c && c.CodeValue === CODES.yes.CodeValue && c.CodingSchemeDesignator === CODES.yes.CodingSchemeDesignator;
}

/** The content of a StatRead SR data set, or null when it is not one. */
export function aiResultFromDataset(ds: NaturalDataset): StoredAiResult | null {
  if (ds.SOPClassUID !== COMPREHENSIVE_SR) return null;
  const items = seq(ds.ContentSequence);
  const name = items.find((i) => conceptIs(i, CODES.algorithmName));
  if (!name) return null;
  const version = items.find((i) => conceptIs(i, CODES.algorithmVersion));
  const comment = items.find((i) => conceptIs(i, CODES.comment));
  const image = items.find((i) => i.ValueType === 'IMAGE' && conceptIs(i, CODES.source));
  const ref = first(image?.ReferencedSOPSequence);
  const findings: AiReportFinding[] = items
    .filter((i) => i.ValueType === 'CONTAINER' && first(i.ConceptNameCodeSequence)?.CodingSchemeDesignator === SCHEME)
    .map((c) => {
      const kids = seq(c.ContentSequence);
      const pick = (code: { CodeValue: string; CodingSchemeDesignator: string }) => kids.find((k) => conceptIs(k, code));
      return {
        label: String(first(c.ConceptNameCodeSequence)?.CodeValue ?? ''),
        probability: numValue(pick(CODES.probability)),
        operatingPoint: pick(CODES.operatingPoint) ? numValue(pick(CODES.operatingPoint)) : null,
        critical: yes(pick(CODES.critical)),
        flagged: yes(pick(CODES.flag)),
      };
    });
  return {
    sopInstanceUid: String(ds.SOPInstanceUID ?? ''),
    studyInstanceUid: String(ds.StudyInstanceUID ?? ''),
    modelId: String(name.TextValue ?? ''),
    modelVersion: String(version?.TextValue ?? ''),
    text: String(comment?.TextValue ?? ''),
    contentDate: String(ds.ContentDate ?? ''),
    contentTime: String(ds.ContentTime ?? ''),
    findings,
    source: ref ? { sopClassUid: String(ref.ReferencedSOPClassUID ?? ''), sopInstanceUid: String(ref.ReferencedSOPInstanceUID ?? '') } : null,
  };
}

export function readAiSr(bytes: Uint8Array): StoredAiResult | null {
  try {
    return aiResultFromDataset(readPart10(bytes, true));
  } catch {
    return null;
  }
}
