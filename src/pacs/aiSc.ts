// The heatmap overlay as a DICOM Secondary Capture image (RGB, 8 bit), marked as AI output: the source image at
// the grey levels the model saw (modality + VOI from its header) with the class-activation map of one finding
// blended over the square the model looked at, in the panel's colours.
import { evidenceAlpha, evidenceColour } from '../inference/colormap';
import { heatmapRectInImage } from '../inference/heatmapPlacement';
import type { PreprocessSpec } from '../model/manifest';
import type { NaturalDataset } from './dicomPart10';
import { AI_DISCLAIMER, findingSummary, type AiReport } from './aiReport';
import { aiResultHeader, type ResultUids, type SourceImage } from './aiSr';

export const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
/** The largest side of the secondary capture; bigger sources are reduced by an integer factor (area average). */
export const MAX_SC_SIDE = 2048;

export interface GreyPlaneIn {
  width: number;
  height: number;
  /** Row-major grey levels in [0,1]. */
  data: Float32Array;
}

export interface HeatmapIn {
  label: string;
  width: number;
  height: number;
  data: Float32Array;
}

export interface RgbImage {
  width: number;
  height: number;
  /** Row-major RGB triplets (PlanarConfiguration 0). */
  data: Uint8Array;
}

function sampleBilinear(h: HeatmapIn, u: number, v: number): number {
  // u,v in heatmap pixel units with centres at integer + 0.5.
  const x = Math.min(h.width - 1, Math.max(0, u - 0.5));
  const y = Math.min(h.height - 1, Math.max(0, v - 0.5));
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(h.width - 1, x0 + 1);
  const y1 = Math.min(h.height - 1, y0 + 1);
  const fx = x - x0;
  const fy = y - y0;
  const a = h.data[y0 * h.width + x0] * (1 - fx) + h.data[y0 * h.width + x1] * fx;
  const b = h.data[y1 * h.width + x0] * (1 - fx) + h.data[y1 * h.width + x1] * fx;
  return a * (1 - fy) + b * fy;
}

/** Grey image + heatmap (placed like the panel places it) -> RGB. `heatmap` null gives the grey image as RGB. */
export function composeOverlay(grey: GreyPlaneIn, heatmap: HeatmapIn | null, fit: PreprocessSpec['fit'], opacity: number): RgbImage {
  const k = Math.max(1, Math.ceil(Math.max(grey.width, grey.height) / MAX_SC_SIDE));
  const width = Math.floor(grey.width / k);
  const height = Math.floor(grey.height / k);
  const out = new Uint8Array(width * height * 3);
  const rect = heatmapRectInImage(grey.width, grey.height, fit);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let g = 0;
      for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) g += grey.data[(y * k + dy) * grey.width + x * k + dx];
      g = (g / (k * k)) * 255;
      let r = g;
      let gg = g;
      let b = g;
      if (heatmap) {
        // Centre of this output pixel in source pixel-edge coordinates.
        const sx = (x + 0.5) * k;
        const sy = (y + 0.5) * k;
        const u = ((sx - rect.x) / rect.width) * heatmap.width;
        const v = ((sy - rect.y) / rect.height) * heatmap.height;
        if (u >= 0 && v >= 0 && u <= heatmap.width && v <= heatmap.height) {
          const val = sampleBilinear(heatmap, u, v);
          // The on-screen overlay's ramp (colormap.ts): weak evidence leaves the film as it is.
          const a = evidenceAlpha(val) * opacity;
          if (a > 0) {
            const [cr, cg, cb] = evidenceColour(val);
            r = r * (1 - a) + cr * a;
            gg = gg * (1 - a) + cg * a;
            b = b * (1 - a) + cb * a;
          }
        }
      }
      const o = (y * width + x) * 3;
      out[o] = Math.round(r);
      out[o + 1] = Math.round(gg);
      out[o + 2] = Math.round(b);
    }
  }
  return { width, height, data: out };
}

export function buildAiSc(source: SourceImage, report: AiReport, image: RgbImage, uids: ResultUids, now = new Date()): NaturalDataset {
  const src = source.header;
  const shown = report.findings.find((f) => f.label === report.heatmapLabel);
  const what = shown ? `class-activation heatmap of ${findingSummary(shown)}` : 'no heatmap';
  const derivation = `StatRead ${what}, model ${report.modelId} v${report.modelVersion}, over the source image. Not for diagnostic use.`;
  const pixels = image.data.byteLength % 2 === 0 ? image.data : concatPad(image.data);
  return {
    ...aiResultHeader(source, report, uids, now, { sopClassUid: SECONDARY_CAPTURE, modality: 'OT', seriesNumber: 9902 }),
    ConversionType: 'WSD',
    ImageType: ['DERIVED', 'SECONDARY'],
    DerivationDescription: derivation.slice(0, 1024),
    // Short (PACS displays and Orthanc's REST show at most 256 characters); the SR holds every finding.
    ImageComments: `${AI_DISCLAIMER} ${shown ? `Heatmap: ${findingSummary(shown)}.` : ''}${flaggedText(report)}`.slice(0, 256),
    BurnedInAnnotation: 'NO',
    SourceImageSequence: [{ ReferencedSOPClassUID: String(src.SOPClassUID ?? ''), ReferencedSOPInstanceUID: String(src.SOPInstanceUID ?? '') }],
    PatientOrientation: '',
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
    PlanarConfiguration: 0,
    Rows: image.height,
    Columns: image.width,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    PixelData: [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)],
    _vrMap: { PixelData: 'OB' },
  };
}

function flaggedText(report: AiReport): string {
  const flagged = report.findings.filter((f) => f.flagged).map((f) => f.label);
  return flagged.length ? ` Flagged: ${flagged.join(', ')}.` : ' No critical finding flagged.';
}

function concatPad(a: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + 1);
  out.set(a);
  return out;
}
