// An image loader that applies a VOI LUT Sequence item: `statread-voilut:<index>:<base image id>`
// loads the base image (Modality LUT already applied by Cornerstone's pre-scaling), maps every value
// through the LUT and presents the LUT output with a full-range linear window.
import { imageLoader, metaData, utilities, type Types } from '@cornerstonejs/core';
import { imageRegistry } from '../../images';
import { readVoiLutSequence } from './readVoiLutSequence';
import { mapThroughVoiLut, voiLutOutputMax, type VoiLut } from './voiLut';

export const VOI_LUT_SCHEME = 'statread-voilut';

export function voiLutImageId(baseImageId: string, index: number): string {
  return `${VOI_LUT_SCHEME}:${index}:${baseImageId}`;
}

export function parseVoiLutImageId(imageId: string): { index: number; baseImageId: string } | null {
  const m = /^statread-voilut:(\d+):(.+)$/.exec(imageId);
  return m ? { index: Number(m[1]), baseImageId: m[2] } : null;
}

export function voiLutsFor(baseImageId: string): VoiLut[] {
  const src = imageRegistry.get(baseImageId);
  if (!src?.dataSet || !src.header) return [];
  const signed = src.header.pixelRepresentation === 1 || src.header.rescaleIntercept < 0;
  return readVoiLutSequence(src.dataSet, signed);
}

/** Modality LUT output values of a loaded Cornerstone image (undoing nothing: pre-scaled data is output). */
export function modalityValues(image: Types.IImage): ArrayLike<number> {
  const data = image.getPixelData() as ArrayLike<number>;
  const scaled = (image as unknown as { preScale?: { scaled?: boolean } }).preScale?.scaled;
  if (scaled || (image.slope === 1 && image.intercept === 0)) return data;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * image.slope + image.intercept;
  return out;
}

export function loadVoiLutImage(imageId: string): Types.IImageLoadObject {
  const promise = (async () => {
    const parsed = parseVoiLutImageId(imageId);
    if (!parsed) throw new Error(`bad VOI LUT image id ${imageId}`);
    const lut = voiLutsFor(parsed.baseImageId)[parsed.index];
    if (!lut) throw new Error(`no VOI LUT ${parsed.index} in ${parsed.baseImageId}`);
    const base = await imageLoader.loadAndCacheImage(parsed.baseImageId);
    const out = mapThroughVoiLut(lut, modalityValues(base));
    const outMax = voiLutOutputMax(lut);
    const voxelManager = utilities.VoxelManager.createImageVoxelManager({
      scalarData: out as never,
      width: base.columns,
      height: base.rows,
      numberOfComponents: 1,
    });
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < out.length; i++) {
      if (out[i] < min) min = out[i];
      if (out[i] > max) max = out[i];
    }
    const image = {
      ...base,
      imageId,
      dataType: 'Uint16Array',
      color: false,
      rgba: false,
      numberOfComponents: 1,
      slope: 1,
      intercept: 0,
      preScale: undefined,
      minPixelValue: min,
      maxPixelValue: max,
      windowCenter: outMax / 2,
      windowWidth: outMax,
      voiLUTFunction: 'LINEAR_EXACT',
      voiLUT: undefined,
      modalityLUT: undefined,
      sizeInBytes: out.byteLength,
      getPixelData: () => out,
      voxelManager,
      imageFrame: undefined,
    };
    return image as unknown as Types.IImage;
  })();
  return { promise };
}

/** Metadata for VOI LUT images: the base image's, with the LUT output as a plain unsigned image. */
export function voiLutMetadataProvider(type: string, imageId: string): unknown {
  if (typeof imageId !== 'string' || !imageId.startsWith(`${VOI_LUT_SCHEME}:`)) return undefined;
  const parsed = parseVoiLutImageId(imageId);
  if (!parsed) return undefined;
  const base = metaData.get(type, parsed.baseImageId) as Record<string, unknown> | undefined;
  const lut = voiLutsFor(parsed.baseImageId)[parsed.index];
  if (!lut) return base;
  const outMax = voiLutOutputMax(lut);
  switch (type) {
    case 'modalityLutModule':
      return { rescaleSlope: 1, rescaleIntercept: 0, rescaleType: 'US' };
    case 'voiLutModule':
      return { windowCenter: [outMax / 2], windowWidth: [outMax], voiLUTFunction: 'LINEAR_EXACT' };
    case 'imagePixelModule':
      return base ? { ...base, bitsAllocated: 16, bitsStored: lut.bitsPerEntry, highBit: lut.bitsPerEntry - 1, pixelRepresentation: 0 } : undefined;
    default:
      return base;
  }
}
