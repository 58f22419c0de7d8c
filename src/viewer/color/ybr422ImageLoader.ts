// `statread-ybr422:<dicomfile id>`: loads the native YBR_FULL_422 image through Cornerstone's loader
// and presents it as RGB.
import { imageLoader, metaData, utilities, type Types } from '@cornerstonejs/core';
import { ybrFull422ToRgb } from './ybrFull422';

export const YBR422_SCHEME = 'statread-ybr422';

export function ybr422ImageId(innerImageId: string): string {
  return `${YBR422_SCHEME}:${innerImageId}`;
}

function inner(imageId: string): string {
  return imageId.slice(YBR422_SCHEME.length + 1);
}

export function loadYbr422Image(imageId: string): Types.IImageLoadObject {
  const promise = (async () => {
    const base = await imageLoader.loadAndCacheImage(inner(imageId));
    const rgb = ybrFull422ToRgb(base.getPixelData() as ArrayLike<number>, base.rows, base.columns);
    const voxelManager = utilities.VoxelManager.createImageVoxelManager({
      scalarData: rgb as never,
      width: base.columns,
      height: base.rows,
      numberOfComponents: 3,
    });
    let canvas: HTMLCanvasElement | undefined;
    const image = {
      ...base,
      imageId,
      dataType: 'Uint8Array',
      color: true,
      rgba: false,
      numberOfComponents: 3,
      minPixelValue: 0,
      maxPixelValue: 255,
      windowCenter: 128,
      windowWidth: 256,
      sizeInBytes: rgb.byteLength,
      getPixelData: () => rgb,
      voxelManager,
      imageFrame: undefined,
      getCanvas: () => {
        if (canvas) return canvas;
        canvas = document.createElement('canvas');
        canvas.width = base.columns;
        canvas.height = base.rows;
        const ctx = canvas.getContext('2d')!;
        const img = ctx.createImageData(base.columns, base.rows);
        for (let i = 0, j = 0; i < base.columns * base.rows; i++) {
          img.data[j++] = rgb[i * 3];
          img.data[j++] = rgb[i * 3 + 1];
          img.data[j++] = rgb[i * 3 + 2];
          img.data[j++] = 255;
        }
        ctx.putImageData(img, 0, 0);
        return canvas;
      },
    };
    return image as unknown as Types.IImage;
  })();
  return { promise };
}

export function ybr422MetadataProvider(type: string, imageId: string): unknown {
  if (typeof imageId !== 'string' || !imageId.startsWith(`${YBR422_SCHEME}:`)) return undefined;
  const base = metaData.get(type, inner(imageId)) as Record<string, unknown> | undefined;
  if (type === 'imagePixelModule' && base) {
    return { ...base, photometricInterpretation: 'RGB', samplesPerPixel: 3, planarConfiguration: 0 };
  }
  return base;
}
