// window.__statread: a small, stable hook for end-to-end tests and benchmarks (test builds only, see
// installTestHooks.ts). Read-only views of what Cornerstone decoded and what the user sees; nothing here changes the app.
import { viewportController } from '../viewer/viewportController';
import { storedValues, samplesPerPixelOf } from '../viewer/storedPixels';
import { imageRegistry } from '../images';
import { useStore } from '../store';

export interface DecodedPixels {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  photometric: string;
  data: number[];
}

export interface ImageInfo {
  imageId: string | null;
  fileName: string | null;
  rows: number;
  columns: number;
  windowCenter: number | null;
  windowWidth: number | null;
  invert: boolean;
  voiLutFunction: string;
  rotation: number;
  flipH: boolean;
  flipV: boolean;
  zoom: number;
  /** Camera pan in canvas units. */
  pan: [number, number];
  /** Length measurements on the current image. */
  measurements: number;
}

export interface StatReadTestHooks {
  getDecodedPixels(): DecodedPixels | null;
  getImageInfo(): ImageInfo;
  getRenderedCanvas(): HTMLCanvasElement | null;
  renderCount(): number;
  /** Selects the image opened from this file (first match; frame is 0-based). False if none. */
  showFile(fileName: string, frame?: number): boolean;
}

declare global {
  interface Window {
    __statread?: StatReadTestHooks;
  }
}

export function installViewerTestHooks(): void {
  const hooks: StatReadTestHooks = {
    getDecodedPixels() {
      const image = viewportController.getBaseImage();
      if (!image) return null;
      const src = imageRegistry.get(viewportController.currentBaseImageId);
      const spp = samplesPerPixelOf(image);
      return {
        rows: image.rows,
        columns: image.columns,
        samplesPerPixel: spp,
        photometric: src?.header?.photometricInterpretation ?? (spp === 3 ? 'RGB' : 'MONOCHROME2'),
        data: storedValues(image),
      };
    },
    getImageInfo() {
      viewportController.syncDisplay();
      const st = useStore.getState();
      const id = viewportController.currentBaseImageId;
      const src = imageRegistry.get(id);
      const image = viewportController.getBaseImage();
      const d = st.display;
      return {
        imageId: id,
        fileName: src?.fileName ?? null,
        rows: image?.rows ?? 0,
        columns: image?.columns ?? 0,
        windowCenter: d.windowCenter,
        windowWidth: d.windowWidth,
        invert: d.invert,
        voiLutFunction: d.voiLutFunction,
        rotation: d.rotation,
        flipH: d.flipH,
        flipV: d.flipV,
        zoom: d.zoom,
        pan: viewportController.getPan(),
        measurements: viewportController.measurementCount(),
      };
    },
    getRenderedCanvas() {
      return viewportController.getCanvas();
    },
    renderCount() {
      return viewportController.renderCount;
    },
    showFile(fileName: string, frame = 0) {
      const st = useStore.getState();
      for (const series of Object.values(st.series)) {
        const index = series.imageIds.findIndex((id) => {
          const img = st.images[id];
          return img && img.fileName === fileName && img.frame === frame;
        });
        if (index >= 0) {
          st.selectSeries(series.key, index);
          return true;
        }
      }
      return false;
    },
  };
  window.__statread = hooks;
}
