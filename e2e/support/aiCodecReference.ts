// What the AI's 12-bit JPEG decoder gives for a file, computed in Node: the frame of an encapsulated single-frame
// DICOM through jpeg12FrameDecoder (src/model/codecs/jpeg12.ts) over Cornerstone's JavaScript JPEG decoder with the
// level-shift fix, as trainer/data/nodeCodecs.ts loads it. The viewer's loader runs the same decoder with the same
// fix, so its stored values must be equal to these.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { jpeg12FrameDecoder, jpegImageClassFromSource } from '../../src/model/codecs/jpeg12';
import { parseDicom } from './viewerFixtures';
import * as dicomParserNs from 'dicom-parser';

const dicomParser = (dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs;
const require = createRequire(import.meta.url);

export async function aiJpeg12StoredValues(path: string): Promise<ArrayLike<number>> {
  const bytes = new Uint8Array(readFileSync(path));
  const ds = parseDicom(bytes);
  const el = ds.elements.x7fe00010;
  const frame = dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments!.length) as Uint8Array;
  const source = join(dirname(require.resolve('@cornerstonejs/dicom-image-loader/package.json')), 'dist', 'esm', 'codecs', 'jpeg.js');
  const decode = jpeg12FrameDecoder(async () => jpegImageClassFromSource(readFileSync(source, 'utf8')));
  return decode(frame, {
    rows: ds.uint16('x00280010')!,
    columns: ds.uint16('x00280011')!,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    bitsAllocated: ds.uint16('x00280100')!,
    bitsStored: ds.uint16('x00280101')!,
    pixelRepresentation: ds.uint16('x00280103') ?? 0,
    photometric: ds.string('x00280004') ?? 'MONOCHROME2',
    transferSyntaxUID: ds.string('x00020010') ?? '',
  });
}
