// Benchmark: memory across a long session. Opens and closes 1,000 images ("Close all" after each
// batch of 20) in headless Chromium against the production build and records, every 100 images, the page's
// JS heap after a forced GC (CDP HeapProfiler.collectGarbage + Performance.getMetrics JSHeapUsedSize), the
// ArrayBuffer backing stores outside it (Runtime.getHeapUsage backingStorageSize: decoded pixels, file
// bytes), DOM counters and what the app still holds. A control run in a fresh page opens 300 images and
// never closes them, to show what the measurement sees when memory is kept.
//
//   npx tsx bench/long-session.bench.ts      (LONG_SESSION_IMAGES=1000; builds into bench/out/dist-long-session,
//                                              BENCH_NO_BUILD=1 reuses it; serves on BENCH_PORT=5202)
// Writes bench/out/long-session.md.
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { runLongSession, type Sample } from '../e2e/support/longSession';
import { cpuModel, ensureBuild, startPreview } from './support/previewServer';
import { REPO_ROOT, dataPath, missingDataReason } from '../test-support/sharedData';

const PORT = Number(process.env.BENCH_PORT ?? 5202);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const TOTAL = Number(process.env.LONG_SESSION_IMAGES ?? 1000);
const CONTROL = Math.min(300, TOTAL);
const OUT_MD = join(REPO_ROOT, 'bench', 'out', 'long-session.md');
const DIST = join(REPO_ROOT, 'bench', 'out', 'dist-long-session');
/** Stated limit (as in e2e/hardening-memory.spec.ts, there for 300 images): growth after the first batch. */
const LIMIT_MB = 10;
const PYD = 'dicom-conformance/pydicom-test-files';

function batchFiles(): string[] {
  return [
    ...Array.from({ length: 2 }, () => dataPath('dicom-conformance/cornerstone-wado-testimages', 'CTImage.dcm')),
    ...['CT_small.dcm', 'MR_small.dcm'].flatMap((f) => Array.from({ length: 3 }, () => dataPath(PYD, f))),
    ...['00000001_000.png', '00000001_001.png', '00000001_002.png'].flatMap((f) => Array.from({ length: 4 }, () => dataPath('nih-cxr14-64', 'images', f))),
  ];
}

async function session(browser: Browser, total: number, keepOpen: boolean): Promise<{ samples: Sample[]; seconds: number }> {
  // Service workers blocked: its one-time install would download the whole build in the background.
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto('./?backend=wasm');
  await page.waitForFunction(() => document.querySelector('[data-testid="viewport"]')?.getAttribute('data-state') === 'empty');
  const t0 = Date.now();
  const samples = await runLongSession(page, {
    batch: batchFiles(),
    imagesPerBatch: 20,
    total,
    sampleEveryBatches: 5,
    keepOpen,
    log: (l) => console.log(`${keepOpen ? 'control ' : ''}${l}`),
  });
  const seconds = (Date.now() - t0) / 1000;
  await context.close();
  return { samples, seconds };
}

const f1 = (x: number) => x.toFixed(1);

function table(samples: Sample[]): string[] {
  return [
    '| images opened | JS heap used (MB) | array buffers (MB) | DOM nodes | listeners | images held | data sets held | Cornerstone cache (MB) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...samples.map(
      (s) =>
        `| ${s.opened} | ${f1(s.heapUsedMB)} | ${f1(s.arrayBuffersMB)} | ${s.nodes} | ${s.listeners} | ${s.resources.images} | ${s.resources.dataSets} | ${f1(s.resources.cornerstoneCacheBytes / 1048576)} |`,
    ),
  ];
}

async function main(): Promise<void> {
  mkdirSync(join(REPO_ROOT, 'bench', 'out'), { recursive: true });
  const missing = missingDataReason(PYD) ?? missingDataReason('nih-cxr14-64') ?? missingDataReason('dicom-conformance/cornerstone-wado-testimages');
  if (missing) {
    writeFileSync(OUT_MD, `## Long session: memory while opening and closing images\n\nSkipped: ${missing}\n`);
    return;
  }
  ensureBuild(DIST);
  const preview = await startPreview(DIST, PORT);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const load0 = loadavg()[0].toFixed(2);
    const run = await session(browser, TOTAL, false);
    const control = await session(browser, CONTROL, true);
    const load1 = loadavg()[0].toFixed(2);
    const first = run.samples[0];
    const last = run.samples[run.samples.length - 1];
    const heapGrowth = last.heapUsedMB - first.heapUsedMB;
    const bufGrowth = last.arrayBuffersMB - first.arrayBuffersMB;
    const cFirst = control.samples[0];
    const cLast = control.samples[control.samples.length - 1];
    const within = heapGrowth < LIMIT_MB && bufGrowth < LIMIT_MB;
    const lines = [
      '## Long session: memory while opening and closing images',
      '',
      `Command: \`npx tsx bench/long-session.bench.ts\` (LONG_SESSION_IMAGES=${TOTAL}); run ${new Date().toISOString()}.`,
      `Machine: ${cpuModel()}, ${cpus().length} cores; Chromium ${browser.version()} headless; production build served by vite preview; AI on wasm. 1-minute load average ${load0} before, ${load1} after.`,
      'Each batch: 20 images opened with "Open files" (2 CT 512x512 of 530 kB, 3 CT_small, 3 MR_small, 12 NIH 64 px PNGs), the first one rendered (and scored), then "Close all". ' +
        'Samples after a forced GC (CDP HeapProfiler.collectGarbage twice): JS heap (Performance.getMetrics JSHeapUsedSize), ArrayBuffer backing stores outside the heap (Runtime.getHeapUsage backingStorageSize), DOM counters, and what the app holds (window.__statreadResources).',
      '',
      `**${TOTAL} images opened and closed in ${f1(run.seconds)} s: JS heap ${f1(first.heapUsedMB)} MB after the first batch, ${f1(last.heapUsedMB)} MB after the last (${heapGrowth >= 0 ? '+' : ''}${f1(heapGrowth)} MB); array buffers ${f1(first.arrayBuffersMB)} -> ${f1(last.arrayBuffersMB)} MB. ` +
        `Stated limit: growth under ${LIMIT_MB} MB for both: ${within ? 'within' : 'EXCEEDED'}.**`,
      '',
      ...table(run.samples),
      '',
      `Control (a fresh page, the same batches, never closed): ${CONTROL} images take the JS heap from ${f1(cFirst.heapUsedMB)} to ${f1(cLast.heapUsedMB)} MB and array buffers from ${f1(cFirst.arrayBuffersMB)} to ${f1(cLast.arrayBuffersMB)} MB, i.e. the measurement does see memory that is kept.`,
      '',
      ...table(control.samples),
      '',
      "Not measured: the decode and inference workers' own heaps (separate isolates; they keep no per-image state beyond the image being scored).",
      '',
    ];
    writeFileSync(OUT_MD, lines.join('\n'));
    console.log(lines.join('\n'));
    if (!within) process.exitCode = 1;
  } finally {
    await browser?.close();
    preview.kill('SIGTERM');
  }
}

await main();
