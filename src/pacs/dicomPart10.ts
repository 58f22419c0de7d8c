/// <reference path="./dcmjs.d.ts" />
// Part 10 reading/writing through dcmjs for the PACS code: the header of a source image (pixels skipped), and a
// naturalised data set written as a Part 10 file (explicit VR little endian unless the data set says otherwise).
import dcmjs, { type NaturalDataset } from 'dcmjs';
import { parseDicom } from 'dicom-parser';
import { characterSetsOf, decodeDicomText, EXTENDED_TEXT_VRS, rawValue } from '../model/dicomText';

export type { NaturalDataset } from 'dcmjs';

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);
}

type DictEntry = { vr?: string; Value?: unknown[] };

/**
 * dcmjs decodes text with value 1 of (0008,0005) only (no ISO 2022 code extensions: a Japanese or Korean name keeps
 * its escape codes) and then labels the data set ISO_IR 192. The top-level PN/LO/SH/ST/LT/UT/UC values are decoded
 * again here with the decoder the viewer uses (src/model/dicomText.ts), so what StatRead copies into the results it
 * sends (Patient's Name, IDs, descriptions) is the text the reader saw.
 */
function redecodeText(bytes: Uint8Array, dict: Record<string, DictEntry>): void {
  let ds;
  try {
    ds = parseDicom(bytes, { untilTag: 'x7fe00010' });
  } catch {
    return; // dcmjs's reading stands
  }
  const characterSets = characterSetsOf(ds);
  for (const [tag, entry] of Object.entries(dict)) {
    const vr = entry.vr ?? '';
    if (!EXTENDED_TEXT_VRS.has(vr)) continue;
    const raw = rawValue(ds, `x${tag.toLowerCase()}`);
    if (!raw) continue;
    let text = decodeDicomText(raw, vr, characterSets);
    const nul = text.indexOf('\0');
    if (nul >= 0) text = text.slice(0, nul);
    if (!text.trim()) continue;
    const values = ['ST', 'LT', 'UT'].includes(vr) ? [text.replace(/\s+$/, '')] : text.split('\\').map((v) => v.trim());
    entry.Value =
      vr === 'PN'
        ? values.map((v) => {
            const [Alphabetic, Ideographic, Phonetic] = v.split('=');
            return Object.fromEntries(Object.entries({ Alphabetic, Ideographic, Phonetic }).filter(([, g]) => g));
          })
        : values;
  }
}

/** The data set of a Part 10 file, naturalised (keyword names). `withPixels` false stops before Pixel Data. */
export function readPart10(bytes: Uint8Array, withPixels = false): NaturalDataset {
  const dict = dcmjs.data.DicomMessage.readFile(
    toArrayBuffer(bytes),
    withPixels ? { ignoreErrors: true } : { ignoreErrors: true, untilTag: '7FE00010', includeUntilTagValue: false },
  );
  redecodeText(bytes, dict.dict as Record<string, DictEntry>);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
  ds._meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta);
  return ds;
}

/** Writes a naturalised data set (SOPClassUID, SOPInstanceUID required) as Part 10 bytes. */
export function writePart10(ds: NaturalDataset, transferSyntaxUid = '1.2.840.10008.1.2.1'): Uint8Array {
  const copy: NaturalDataset = { ...ds, _meta: { TransferSyntaxUID: { Value: [transferSyntaxUid] } } };
  return new Uint8Array(dcmjs.data.datasetToDict(copy).write());
}
