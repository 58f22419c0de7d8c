// The pixel spacing Cornerstone uses for the camera and the length tool. Projection radiographs (CR/DX) often
// carry only Imager Pixel Spacing (0018,1164): Cornerstone's legacy provider would report a 1 mm "default" and
// the length tool px, so this provider supplies the imager spacing (the UI says which spacing was used). Real
// archives also hold zero, negative or unparsable spacings (e.g. `0.000\0.000`), which Cornerstone takes as
// they are: the camera scale becomes NaN and the image renders black. Those count as absent here (1 × 1, px).
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { imageRegistry } from '../../images';
import { lengthCalibration } from '../calibration/lengthCalibration';

function validSpacing(v: unknown): boolean {
  return Array.isArray(v) && v.length >= 2 && v.slice(0, 2).every((n) => typeof n === 'number' && Number.isFinite(n) && n > 0);
}

export function calibrationMetadataProvider(type: string, imageId: string): unknown {
  if (type !== 'imagePlaneModule' || typeof imageId !== 'string') return undefined;
  const src = imageRegistry.get(imageId);
  if (!src?.header || src.header.pixelSpacing) return undefined;
  const base = wadouri.metaData.metaDataProvider(type, imageId) as Record<string, unknown> | undefined;
  if (!base) return undefined;
  const cal = lengthCalibration(src.header);
  if (cal.source === 'ImagerPixelSpacing' && cal.spacing) {
    return { ...base, pixelSpacing: cal.spacing, rowPixelSpacing: cal.spacing[0], columnPixelSpacing: cal.spacing[1], usingDefaultValues: false };
  }
  // The top-level Pixel Spacing is there but unusable (Cornerstone parses it leniently: `0.1\0.1abc` is 0.1):
  // the defaults. Else keep what Cornerstone found when it is valid (an enhanced image's functional groups).
  const rejected = !!src.dataSet?.elements.x00280030;
  if (!rejected && (base.pixelSpacing === null || base.pixelSpacing === undefined || validSpacing(base.pixelSpacing))) return undefined;
  return { ...base, pixelSpacing: null, rowPixelSpacing: 1, columnPixelSpacing: 1, usingDefaultValues: true };
}
