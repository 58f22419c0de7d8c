// One pixel budget for every path that opens an image: intake (viewer, worklist, PACS), the scoring worker and the
// trainer check the same header numbers against the same limits before anything is decoded or inflated, so a
// small file that declares a huge image (or a deflate bomb) is refused everywhere with the same reason. Pure.

export interface PixelBudget {
  /** Most samples one file may declare: rows x columns x frames x samples per pixel. */
  maxSamples: number;
  /** Most samples one frame may declare: rows x columns x samples per pixel (what one decode allocates). */
  maxFrameSamples: number;
  /** Most bytes a deflated data set may inflate to. */
  maxInflatedBytes: number;
}

export interface ImageDimensions {
  rows: number;
  columns: number;
  frames?: number;
  samplesPerPixel?: number;
}

/**
 * Defaults, from what real images need:
 * - one frame: 2^26 samples (8192 x 8192 grey). The largest radiographs are far below it: a 43 x 43 cm DR
 *   detector is ~4300 x 4300 (18.5 M), a full-field mammogram ~4700 x 5900 (28 M), an RGB secondary capture of
 *   4096 x 4096 is 50 M. A 30000 x 30000 image (900 M) is refused. One such frame decoded to 32-bit samples is
 *   256 MiB, which the tab survives; the display, the scoring worker and the trainer each decode one frame at a time.
 * - the whole file: 2^28 samples (268 M): a breast tomosynthesis stack (~60 x 2457 x 1890 = 279 M) is just over,
 *   a 500-slice 512 x 512 enhanced CT (131 M) or a 180-frame 800 x 600 RGB ultrasound loop (259 M) fits. A reader
 *   of chest films needs none of these; the limit stops a header from asking for gigabytes.
 * - inflated data set: 2^26 bytes (64 MiB): the largest radiograph in 16 bits (a 4728 x 5928 mammogram, 56 MB)
 *   fits. Deflated transfer syntax is used for small objects in practice (the conformance samples inflate to under
 *   1 MB), and intake inflates on the main thread: a bomb costs inflating the cap (0.3 s in Node, ~2 s in the
 *   test Chromium on a busy 2-core machine) before it is refused.
 */
export const DEFAULT_PIXEL_BUDGET: Readonly<PixelBudget> = Object.freeze({
  maxSamples: 2 ** 28,
  maxFrameSamples: 2 ** 26,
  maxInflatedBytes: 2 ** 26,
});

/**
 * A budget with its file limit set to `maxPixels` (e.g. the page's `?maxPixels=`): the frame limit never exceeds
 * it, the inflation cap stays. Anything but a positive number gives the default.
 */
export function pixelBudgetFrom(maxPixels: string | number | null | undefined): PixelBudget {
  const n = typeof maxPixels === 'number' ? maxPixels : Number(maxPixels ?? NaN);
  if (!Number.isFinite(n) || n < 1) return { ...DEFAULT_PIXEL_BUDGET };
  const maxSamples = Math.floor(n);
  return { ...DEFAULT_PIXEL_BUDGET, maxSamples, maxFrameSamples: Math.min(DEFAULT_PIXEL_BUDGET.maxFrameSamples, maxSamples) };
}

/** Null when the declared image fits the budget, else the reason to show (names the size and the limit). */
export function pixelBudgetProblem(d: ImageDimensions, budget: PixelBudget = DEFAULT_PIXEL_BUDGET): string | null {
  const frames = Math.max(1, d.frames ?? 1);
  const spp = Math.max(1, d.samplesPerPixel ?? 1);
  const frameSamples = d.rows * d.columns * spp;
  const total = frameSamples * frames;
  const size = `${d.columns}x${d.rows} pixels${spp > 1 ? ` x ${spp} samples` : ''}`;
  if (frameSamples > budget.maxFrameSamples) {
    return `${size} exceeds the limit of ${budget.maxFrameSamples} samples per frame`;
  }
  if (total > budget.maxSamples) return `${size} x ${frames} frames exceeds the limit of ${budget.maxSamples} samples`;
  return null;
}
