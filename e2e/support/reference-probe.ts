// Reads what the viewer decoded and rendered, through the test hooks the app exposes on
// window.__statread (issue 2 contract), for comparison with the reference decode in Node.
import type { Page } from '@playwright/test';

export interface DecodedPixels {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  photometric: string;
  data: number[];
}

export interface ImageInfo {
  imageId: string;
  fileName: string;
  rows: number;
  columns: number;
  windowCenter: number;
  windowWidth: number;
  invert: boolean;
  voiLutFunction: string;
  rotation: number;
  flipH: boolean;
  flipV: boolean;
  zoom: number;
}

/** The rendered canvas as one grey channel (the R of RGBA), row-major. */
export interface RenderedGrey {
  width: number;
  height: number;
  grey: number[];
}

interface StatReadHooks {
  getDecodedPixels(): DecodedPixels | Promise<DecodedPixels>;
  getImageInfo(): ImageInfo | Promise<ImageInfo>;
  getRenderedCanvas(): HTMLCanvasElement | Promise<HTMLCanvasElement>;
}

export async function decodedPixels(page: Page): Promise<DecodedPixels> {
  return page.evaluate(async () => {
    const hooks = (window as unknown as { __statread?: StatReadHooks }).__statread;
    if (!hooks) throw new Error('window.__statread is missing');
    const d = await hooks.getDecodedPixels();
    return { rows: d.rows, columns: d.columns, samplesPerPixel: d.samplesPerPixel, photometric: d.photometric, data: Array.from(d.data) };
  });
}

export async function imageInfo(page: Page): Promise<ImageInfo> {
  return page.evaluate(async () => {
    const hooks = (window as unknown as { __statread?: StatReadHooks }).__statread;
    if (!hooks) throw new Error('window.__statread is missing');
    return { ...(await hooks.getImageInfo()) };
  });
}

/** Copies the rendered canvas (2D or WebGL) onto a 2D canvas and returns its red channel. */
export async function renderedGrey(page: Page): Promise<RenderedGrey> {
  return page.evaluate(async () => {
    const hooks = (window as unknown as { __statread?: StatReadHooks }).__statread;
    if (!hooks) throw new Error('window.__statread is missing');
    const source = await hooks.getRenderedCanvas();
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext('2d');
    if (!ctx) throw new Error('no 2D context');
    ctx.drawImage(source, 0, 0);
    const rgba = ctx.getImageData(0, 0, copy.width, copy.height).data;
    const grey = new Array<number>(copy.width * copy.height);
    for (let i = 0; i < grey.length; i++) grey[i] = rgba[i * 4];
    return { width: copy.width, height: copy.height, grey };
  });
}

/** The rendered canvas as interleaved RGB. */
export async function renderedRgb(page: Page): Promise<{ width: number; height: number; rgb: number[] }> {
  return page.evaluate(async () => {
    const hooks = (window as unknown as { __statread?: StatReadHooks }).__statread;
    if (!hooks) throw new Error('window.__statread is missing');
    const source = await hooks.getRenderedCanvas();
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext('2d');
    if (!ctx) throw new Error('no 2D context');
    ctx.drawImage(source, 0, 0);
    const rgba = ctx.getImageData(0, 0, copy.width, copy.height).data;
    const rgb = new Array<number>(copy.width * copy.height * 3);
    for (let i = 0, j = 0; i < rgba.length; i += 4) {
      rgb[j++] = rgba[i];
      rgb[j++] = rgba[i + 1];
      rgb[j++] = rgba[i + 2];
    }
    return { width: copy.width, height: copy.height, rgb };
  });
}

/**
 * Where the image lies on the canvas when it is fitted (the default view): scaled uniformly to fit,
 * centred. Returns the canvas->image mapping.
 */
export function fittedPlacement(canvasW: number, canvasH: number, cols: number, rows: number) {
  const scale = Math.min(canvasW / cols, canvasH / rows);
  const offsetX = (canvasW - cols * scale) / 2;
  const offsetY = (canvasH - rows * scale) / 2;
  return { scale, offsetX, offsetY };
}
