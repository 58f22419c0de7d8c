/// <reference path="./dcmjs.d.ts" />
// Part 10 reading/writing through dcmjs for the PACS code: the header of a source image (pixels skipped), and a
// naturalised data set written as a Part 10 file (explicit VR little endian unless the data set says otherwise).
import dcmjs, { type NaturalDataset } from 'dcmjs';

export type { NaturalDataset } from 'dcmjs';

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);
}

/** The data set of a Part 10 file, naturalised (keyword names). `withPixels` false stops before Pixel Data. */
export function readPart10(bytes: Uint8Array, withPixels = false): NaturalDataset {
  const dict = dcmjs.data.DicomMessage.readFile(
    toArrayBuffer(bytes),
    withPixels ? { ignoreErrors: true } : { ignoreErrors: true, untilTag: '7FE00010', includeUntilTagValue: false },
  );
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
  ds._meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta);
  return ds;
}

/** Writes a naturalised data set (SOPClassUID, SOPInstanceUID required) as Part 10 bytes. */
export function writePart10(ds: NaturalDataset, transferSyntaxUid = '1.2.840.10008.1.2.1'): Uint8Array {
  const copy: NaturalDataset = { ...ds, _meta: { TransferSyntaxUID: { Value: [transferSyntaxUid] } } };
  return new Uint8Array(dcmjs.data.datasetToDict(copy).write());
}
