// Cornerstone image loader for PNG/JPEG files: greyscale stays one channel (8 or 16 bit), colour is RGB. The
// file is decoded when the image is shown, not at intake (the image registry keeps only the file), and in the
// decode worker (webImageDecoder.ts), never on the main thread. Each decode is recorded as the performance measure
// `statread:web-decode` (the worker's decode time on the page's clock).
import { utilities, type Types } from '@cornerstonejs/core';
import { imageRegistry } from '../../images';
import { webImageDecoder } from './webImageDecoder';

export function loadWebImage(imageId: string): Types.IImageLoadObject {
  const promise = (async () => {
    const entry = imageRegistry.get(imageId);
    if (!entry?.web) throw new Error(`unknown web image ${imageId}`);
    const { info, format } = entry.web;
    const decoded = await webImageDecoder.decode(entry.source, format);
    const { width, height, samplesPerPixel, bitsStored, data, min, max, timing } = decoded;
    try {
      performance.measure('statread:web-decode', { start: timing.start, end: timing.end, detail: { fileName: entry.fileName } });
    } catch {
      // A worker clock before the page's origin: the measure is only a record.
    }
    if (width !== info.width || height !== info.height || samplesPerPixel !== info.samplesPerPixel || bitsStored !== info.bitsStored) {
      throw new Error(
        `${entry.fileName}: decoded ${width}x${height}x${samplesPerPixel} (${bitsStored} bit), header said ${info.width}x${info.height}x${info.samplesPerPixel} (${info.bitsStored} bit)`,
      );
    }
    const color = samplesPerPixel === 3;
    const full = 2 ** bitsStored;
    const voxelManager = utilities.VoxelManager.createImageVoxelManager({
      scalarData: data as never,
      width,
      height,
      numberOfComponents: samplesPerPixel,
    });
    let canvas: HTMLCanvasElement | undefined;
    const image = {
      imageId,
      dataType: data.constructor.name,
      color,
      rgba: false,
      numberOfComponents: samplesPerPixel,
      columnPixelSpacing: 1,
      rowPixelSpacing: 1,
      columns: width,
      rows: height,
      width,
      height,
      intercept: 0,
      slope: 1,
      invert: false,
      minPixelValue: min,
      maxPixelValue: max,
      windowCenter: full / 2,
      windowWidth: full,
      voiLUTFunction: 'LINEAR',
      sizeInBytes: data.byteLength,
      getPixelData: () => data,
      voxelManager,
      getCanvas: color
        ? () => {
            if (canvas) return canvas;
            canvas = document.createElement('canvas');
            canvas.width = width;
            canvas.height = height;
            const ctx = canvas.getContext('2d')!;
            const img = ctx.createImageData(width, height);
            for (let i = 0, j = 0; i < width * height; i++) {
              img.data[j++] = data[i * 3];
              img.data[j++] = data[i * 3 + 1];
              img.data[j++] = data[i * 3 + 2];
              img.data[j++] = 255;
            }
            ctx.putImageData(img, 0, 0);
            return canvas;
          }
        : undefined,
    };
    return image as unknown as Types.IImage;
  })();
  return { promise };
}
