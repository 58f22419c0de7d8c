// The same bytes give bit-identical grey levels, network input, CAM and OOD distance in Node and in Chromium:
// src/model is bundled for the browser with Vite (the app's bundler) and run in headless /usr/bin/chromium.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/support/chromium';
import { fixJpeg12LevelShift } from '../../scripts/vite/fixJpeg12LevelShift';
import { makeCodecFixtures, missingCodecFixtureReason } from '../../test-support/crFixtures';
import { REPO_ROOT, dataPath, IN_CI, missingDataReason } from '../../test-support/sharedData';
import { classActivationMap, normaliseCam, upsampleCam } from './cam';
import { registerNodeCodecs } from '../../trainer/data/nodeCodecs';
import { decodeImage, decodeImageAsync } from './decodeImage';
import type { OodStats, PreprocessSpec } from './manifest';
import { oodDistance } from './ood';
import { preprocess } from './preprocess';

const noChromium = existsSync(CHROMIUM_PATH) ? null : `no Chromium at ${CHROMIUM_PATH}`;
if (noChromium && IN_CI) throw new Error(`CI requires ${noChromium}`);
const skip = noChromium ?? missingDataReason('dicom-cxr') ?? missingDataReason('cxr-fullres') ?? missingDataReason('dicom-conformance');

const spec: PreprocessSpec = { canonicalSize: 64, inputSize: 128, channels: 3, scale: 2, offset: -1, fit: 'pad' };
const FILES = [
  ['cxr-fullres', '00000001_000.png'],
  ['dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm'],
  ['dicom-cxr', 'siim-cr-chest-monochrome1.dcm'],
  ['dicom-conformance', 'cornerstone-wado-testimages', 'CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm'],
  ['dicom-conformance', 'cornerstone-wado-testimages', 'CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm'],
  ['dicom-conformance', 'cornerstone-wado-testimages', 'CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm'],
  ['dicom-conformance', 'pydicom-test-files', 'MR_small_RLE.dcm'],
  ['dicom-conformance', 'pydicom-test-files', 'examples_overlay.dcm'],
];

let browser: Browser;
let page: Page;

const b64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

describe.skipIf(skip)('src/model in Chromium vs Node: bit-identical', () => {
  beforeAll(async () => {
    const out = await build({
      configFile: false,
      logLevel: 'silent',
      root: REPO_ROOT,
      // The app's 12-bit JPEG fix, as in the app and worker bundles.
      plugins: [fixJpeg12LevelShift()],
      resolve: { alias: { events: 'events/' } },
      build: {
        write: false,
        minify: true,
        lib: { entry: join(REPO_ROOT, 'src/model/parity/browserEntry.ts'), formats: ['iife'], name: 'statreadParity' },
      },
    });
    const outputs = (Array.isArray(out) ? out : [out]) as { output: { type: string; code?: string }[] }[];
    const code = outputs.flatMap((o) => o.output).find((c) => c.type === 'chunk')?.code;
    if (!code) throw new Error('bundle produced no code');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    await page.setContent('<!doctype html><title>parity</title>');
    await page.addScriptTag({ content: code });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('decodeImage + preprocess give the same bits for PNG and DICOM (JPEG, big endian, deflate, lossless, RLE, MONOCHROME1)', async () => {
    for (const parts of FILES) {
      const bytes = readFileSync(dataPath(...parts));
      const name = parts[parts.length - 1];
      const node = decodeImage(bytes, name);
      const nodeInput = preprocess(node, spec);
      const web = await page.evaluate(
        ({ data, name, spec }) => {
          const bin = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          const m = (globalThis as any).statreadModel; // eslint-disable-line @typescript-eslint/no-explicit-any
          const img = m.decodeImage(bin.buffer, name);
          const x: Float32Array = m.preprocess(img, spec);
          const enc = (a: Float32Array) => {
            let s = '';
            const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
            for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
            return btoa(s);
          };
          return { width: img.width, height: img.height, grey: enc(img.data), input: enc(x), modality: img.source.modality ?? null };
        },
        { data: bytes.toString('base64'), name, spec },
      );
      expect([web.width, web.height], name).toEqual([node.width, node.height]);
      expect(web.modality, name).toBe(node.source.modality ?? null);
      expect(web.grey === b64(node.data), `${name}: grey levels differ`).toBe(true);
      expect(web.input === b64(nodeInput), `${name}: network input differs`).toBe(true);
    }
  });

  /** decodeImageAsync on the same bytes in Node and in Chromium: the grey levels must be bit-identical. */
  async function expectSameAsyncDecode(path: string): Promise<void> {
    const f = path.split('/').pop()!;
    const bytes = readFileSync(path);
    const node = await decodeImageAsync(bytes, f);
    const web = await page.evaluate(
      async ({ data, name }) => {
        const bin = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        const m = (globalThis as any).statreadModel; // eslint-disable-line @typescript-eslint/no-explicit-any
        const img = await m.decodeImageAsync(bin.buffer, name);
        const u = new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength);
        let s = '';
        for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
        return btoa(s);
      },
      { data: bytes.toString('base64'), name: f },
    );
    expect(web === b64(node.data), `${f}: grey levels differ`).toBe(true);
  }

  it('JPEG 2000, JPEG-LS and 12-bit JPEG through the registered codecs give the same bits', async () => {
    registerNodeCodecs();
    for (const f of [
      'CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm',
      'CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm',
      'CTImage.dcm_JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81.dcm',
      'CTImage.dcm_JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51.dcm',
      'CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm',
    ]) {
      await expectSameAsyncDecode(dataPath('dicom-conformance', 'cornerstone-wado-testimages', f));
    }
  });

  it.skipIf(missingCodecFixtureReason())('HTJ2K and 12-bit JPEG CR made from a real chest film give the same bits', async () => {
    registerNodeCodecs();
    const fx = await makeCodecFixtures({ size: 512 });
    try {
      await expectSameAsyncDecode(fx.htj2k);
      await expectSameAsyncDecode(fx.jpeg12);
    } finally {
      rmSync(fx.dir, { recursive: true, force: true });
    }
  });

  it('CAM (with upsampling) and the OOD distance give the same bits', async () => {
    const C = 5;
    const fm = { height: 4, width: 4, channels: C, data: Float32Array.from({ length: 80 }, (_, i) => Math.sin(i * 0.7) + 0.3) };
    const head = { inputs: C, units: 2, kernel: Float32Array.from({ length: 10 }, (_, i) => Math.cos(i)), bias: Float32Array.from([0.1, -0.2]) };
    const stats: OodStats = {
      method: 'mahalanobis-pca',
      mean: [0.1, 0.2, 0.3, 0.4, 0.5],
      components: [
        [0.6, 0.8, 0, 0, 0],
        [0, 0, 1, 0, 0],
      ],
      variances: [0.7, 0.3],
      residualVariance: 0.05,
      threshold: 3,
      percentiles: {},
    };
    const node = upsampleCam(normaliseCam(classActivationMap(fm, head, 1)), 4, 4, 37, 29);
    const nodeD = oodDistance([0.3, -0.1, 0.9, 0.2, 0.05], stats);
    const web = await page.evaluate(
      ({ fm, head, stats }) => {
        const m = (globalThis as any).statreadModel; // eslint-disable-line @typescript-eslint/no-explicit-any
        const f = { ...fm, data: Float32Array.from(fm.data) };
        const h = { ...head, kernel: Float32Array.from(head.kernel), bias: Float32Array.from(head.bias) };
        const cam: Float32Array = m.upsampleCam(m.normaliseCam(m.classActivationMap(f, h, 1)), 4, 4, 37, 29);
        return { cam: Array.from(cam), d: m.oodDistance([0.3, -0.1, 0.9, 0.2, 0.05], stats) };
      },
      { fm: { ...fm, data: Array.from(fm.data) }, head: { ...head, kernel: Array.from(head.kernel), bias: Array.from(head.bias) }, stats },
    );
    expect(web.cam).toEqual(Array.from(node));
    expect(web.d).toBe(nodeD);
  });
});
