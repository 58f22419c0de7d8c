// Projection radiographs (CR/DX) often carry only Imager Pixel Spacing (0018,1164). Cornerstone's legacy
// metadata provider then reports 1 mm "default" spacing and the length tool shows px; this provider
// supplies the imager spacing so lengths are in mm (the UI says which spacing was used).
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { imageRegistry } from '../../images';
import { lengthCalibration } from '../calibration/lengthCalibration';

export function calibrationMetadataProvider(type: string, imageId: string): unknown {
  if (type !== 'imagePlaneModule' || typeof imageId !== 'string') return undefined;
  const src = imageRegistry.get(imageId);
  if (!src?.header || src.header.pixelSpacing) return undefined;
  const cal = lengthCalibration(src.header);
  if (cal.source !== 'ImagerPixelSpacing' || !cal.spacing) return undefined;
  const base = wadouri.metaData.metaDataProvider(type, imageId) as Record<string, unknown> | undefined;
  if (!base) return undefined;
  return {
    ...base,
    pixelSpacing: cal.spacing,
    rowPixelSpacing: cal.spacing[0],
    columnPixelSpacing: cal.spacing[1],
    usingDefaultValues: false,
  };
}
