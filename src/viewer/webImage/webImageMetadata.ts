// Metadata for PNG/JPEG images, so that Cornerstone's stack viewport and tools can handle them.
import { imageRegistry } from '../../images';
import { WEB_IMAGE_SCHEME } from './webImageId';

export function webImageMetadataProvider(type: string, imageId: string): unknown {
  if (typeof imageId !== 'string' || !imageId.startsWith(`${WEB_IMAGE_SCHEME}:`)) return undefined;
  const web = imageRegistry.get(imageId)?.web;
  if (!web) return undefined;
  const { width, height, samplesPerPixel, bitsStored } = web.info;
  switch (type) {
    case 'imagePixelModule':
      return {
        samplesPerPixel,
        photometricInterpretation: samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2',
        rows: height,
        columns: width,
        bitsAllocated: bitsStored,
        bitsStored,
        highBit: bitsStored - 1,
        pixelRepresentation: 0,
        planarConfiguration: 0,
      };
    case 'imagePlaneModule':
      return {
        frameOfReferenceUID: `${imageId}-for`,
        rows: height,
        columns: width,
        imageOrientationPatient: [1, 0, 0, 0, 1, 0],
        rowCosines: [1, 0, 0],
        columnCosines: [0, 1, 0],
        imagePositionPatient: [0, 0, 0],
        pixelSpacing: [1, 1],
        rowPixelSpacing: 1,
        columnPixelSpacing: 1,
        usingDefaultValues: true,
      };
    case 'generalSeriesModule':
      return { modality: 'OT', seriesInstanceUID: `${imageId}-series`, seriesNumber: 1 };
    case 'voiLutModule':
      return { windowCenter: [2 ** bitsStored / 2], windowWidth: [2 ** bitsStored], voiLUTFunction: 'LINEAR' };
    case 'modalityLutModule':
      return { rescaleSlope: 1, rescaleIntercept: 0 };
    case 'sopCommonModule':
      return { sopClassUID: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUID: imageId };
    case 'generalImageModule':
      return { instanceNumber: 1 };
    default:
      return undefined;
  }
}
