// Benchmark: in-browser inference, StatRead vs a Chester-like baseline, per tfjs backend, in headless Chromium
// against a production build. Writes bench/out/inference.md.
//
//   npx tsx bench/inference.bench.ts
//   env: BENCH_BACKENDS=wasm,webgl,webgpu,cpu (default)  BENCH_RUNS=5  BENCH_BACKEND_TIMEOUT_S=300
//        BENCH_MODELS=id,id (default: every model in public/models/index.json, the default first): each is timed in
//        the same run, so a new model's network and score + heatmap times sit next to the old one's
//        BENCH_CPU_BASELINE=1 (also time the baseline on cpu: minutes)  BENCH_NO_BUILD=1 (reuse the build)
//
// StatRead: the shipped model (public/models, else the e2e fixture) through the app's own worker client
// (src/inference): model load cold (HTTP, empty caches) and cached (IndexedDB), first inference after load,
// warm inference (median, network only), score + heatmap of a 1024x1024 PNG (decode, preprocess, network, CAM;
// median), heatmap alone, and drop-to-findings in the real app (file input `change` -> ai-status "done").
// Baseline, built like Chester (mlmed/chester-xray): DenseNet-121 at 224x224x3, float32, random weights (speed
// only), saliency = |d score / d input|; same loads, inference, score + saliency, and decode-to-result.
// Hard per-backend time limits: a backend that does not finish (SwiftShader compiling shaders) is reported n/a.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { ensureFixtureModel } from '../e2e/support/aiFixtureModel';
import { REPO_ROOT, dataPath, missingDataReason } from '../test-support/sharedData';
import { saveLayersModel } from '../trainer/io/fileIo';
import { buildDenseNet121 } from './inference/densenet121';
import type { StatReadTimes } from './inference/harness';
import type { BaselineResult } from './inference/baselineWorker';

const PORT = Number(process.env.BENCH_PORT ?? 4192);
const BASE = `http://127.0.0.1:${PORT}`;
const OUT_DIR = join(REPO_ROOT, 'bench', 'out');
const DIST = join(OUT_DIR, 'inference-dist');
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 5));
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'wasm,webgl,webgpu,cpu').split(',').map((s) => s.trim()) as ('wasm' | 'webgl' | 'webgpu' | 'cpu')[];
const LIMIT_MS = Number(process.env.BENCH_BACKEND_TIMEOUT_S ?? 300) * 1000;
const IMAGE = dataPath('cxr-fullres', '00000001_000.png');
const DROP_FILES = ['00000002_000.png', '00000003_000.png', '00000050_000.png'].map((f) => dataPath('cxr-fullres', f));

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return line ? line.split(':')[1].trim() : 'unknown CPU';
}

async function buildAll(): Promise<{ modelNote: string; models: { id: string; indexFile: string }[] }> {
  const shipped = existsSync(join(REPO_ROOT, 'public', 'models', 'index.json'));
  if (!(process.env.BENCH_NO_BUILD === '1' && existsSync(join(DIST, 'index.html')))) {
    console.log(`building app + harness into ${DIST} ...`);
    // vite.config.ts reads the flag when build() loads it: the page must have window.__statreadAi (test builds only).
    process.env.STATREAD_TEST_HOOKS = '1';
    await build({
      root: REPO_ROOT,
      configFile: join(REPO_ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: {
        outDir: DIST,
        emptyOutDir: true,
        rollupOptions: { input: { app: join(REPO_ROOT, 'index.html'), harness: join(REPO_ROOT, 'bench', 'inference', 'harness.html') } },
      },
    });
  }
  if (!shipped) {
    const root = await ensureFixtureModel(join(REPO_ROOT, '.cache', 'ai-fixture-models'));
    cpSync(root, join(DIST, 'models'), { recursive: true });
  }
  const baselineDir = join(DIST, 'baseline');
  if (!existsSync(join(baselineDir, 'model.json'))) {
    console.log('building the DenseNet-121 baseline (random weights) ...');
    await tf.setBackend('cpu');
    const m = buildDenseNet121();
    await saveLayersModel(m, baselineDir);
    m.dispose();
  }
  const index = JSON.parse(readFileSync(join(DIST, 'models', 'index.json'), 'utf8')) as { default: string; models: { id: string; version: string }[] };
  const entry = index.models.find((x) => x.id === index.default)!;
  // One index file per model to time, each with that model as its default (the worker loads an index's default).
  const wanted = (process.env.BENCH_MODELS ?? [index.default, ...index.models.map((x) => x.id).filter((id) => id !== index.default)].join(','))
    .split(',')
    .map((x) => x.trim())
    .filter((id) => index.models.some((x) => x.id === id));
  const models = wanted.map((id) => {
    const indexFile = id === index.default ? 'index.json' : `index-${id}.json`;
    if (indexFile !== 'index.json') writeFileSync(join(DIST, 'models', indexFile), JSON.stringify({ ...index, default: id }));
    return { id, indexFile };
  });
  return { modelNote: `${entry.id} v${entry.version}${shipped ? '' : ' (e2e fixture: the shipped model was absent)'}`, models };
}

async function answers(): Promise<boolean> {
  try {
    return (await fetch(BASE)).ok;
  } catch {
    return false;
  }
}

async function startPreview(): Promise<ChildProcess> {
  if (await answers()) throw new Error(`port ${PORT} is in use (set BENCH_PORT)`);
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'preview', '--outDir', DIST, '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await answers()) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error('vite preview did not start');
}

function withLimit<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`over ${Math.round(ms / 1000)} s`)), ms))]);
}

async function inPage<T>(browser: Browser, url: string, fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    await page.goto(url, { timeout: 120_000 });
    return await withLimit(fn(page), LIMIT_MS);
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Drop (file input change) to findings ("done") in the real app with the model already loaded; one fresh page per file. */
async function dropToFindings(browser: Browser, backend: string): Promise<number[]> {
  const out: number[] = [];
  for (const file of DROP_FILES) {
    const name = file.split('/').pop()!;
    out.push(
      await inPage(browser, `${BASE}/?backend=${backend}`, async (page) => {
        await page.waitForFunction(
          () => (window as unknown as { __statreadAi?: { snapshot(): { backend: string | null; state: string } } }).__statreadAi?.snapshot().state === 'idle',
          undefined,
          { timeout: LIMIT_MS },
        );
        await page.evaluate((n) => {
          const w = window as unknown as { __drop?: { t0: number; t1: number } };
          w.__drop = { t0: 0, t1: 0 };
          document.addEventListener('change', () => (w.__drop!.t0 = performance.now()), { capture: true, once: true });
          const status = document.querySelector('[data-testid="ai-status"]')!;
          const obs = new MutationObserver(() => {
            const snap = (window as unknown as { __statreadAi: { snapshot(): { state: string; fileName: string | null } } }).__statreadAi.snapshot();
            if (snap.state === 'done' && snap.fileName === n && !w.__drop!.t1) {
              w.__drop!.t1 = performance.now();
              obs.disconnect();
            }
          });
          obs.observe(status, { attributes: true, childList: true, subtree: true, characterData: true });
        }, name);
        await page.getByLabel('Open files', { exact: true }).setInputFiles(file);
        await page.waitForFunction(() => (window as unknown as { __drop: { t1: number } }).__drop.t1 > 0, undefined, { timeout: LIMIT_MS });
        return page.evaluate(() => {
          const d = (window as unknown as { __drop: { t0: number; t1: number } }).__drop;
          return d.t1 - d.t0;
        });
      }),
    );
  }
  return out;
}

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (v: number | undefined | null) =>
  v === undefined || v === null || !Number.isFinite(v) ? 'n/a' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`;

async function main(): Promise<void> {
  const skip = missingDataReason('cxr-fullres');
  if (skip) {
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(join(OUT_DIR, 'inference.md'), `## In-browser inference\n\nSkipped: ${skip}\n`);
    return;
  }
  const { modelNote, models } = await buildAll();
  const networkRows: string[] = [];
  const preview = await startPreview();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const b64 = readFileSync(IMAGE).toString('base64');
  const name = IMAGE.split('/').pop()!;
  const rows: string[] = [];
  const ratios: string[] = [];
  let adapter: string;
  try {
    adapter = await inPage(browser, `${BASE}/bench/inference/harness.html`, (page) =>
      page.evaluate(async () => {
        const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string } } | null> } }).gpu;
        const a = await gpu?.requestAdapter();
        return a?.info ? `${a.info.vendor} / ${a.info.architecture}` : 'none';
      }),
    );
    for (const backend of BACKENDS) {
      console.log(`== ${backend}`);
      let s: StatReadTimes | null = null;
      let sErr = '';
      try {
        s = await inPage(browser, `${BASE}/bench/inference/harness.html`, (page) =>
          page.evaluate(([b, r, img, n]) => window.__bench!.statread(b as never, r as number, img as string, n as string), [backend, RUNS, b64, name] as const),
        );
      } catch (e) {
        sErr = (e as Error).message.split('\n')[0];
      }
      // The other models, same backend and image: network and score + heatmap next to the default's.
      const perModel: { id: string; t: StatReadTimes | null; err: string }[] = [{ id: models[0]?.id ?? 'default', t: s, err: sErr }];
      for (const m of models.slice(1)) {
        try {
          const t = await inPage(browser, `${BASE}/bench/inference/harness.html`, (page) =>
            page.evaluate(([b, r, img, n, f]) => window.__bench!.statread(b as never, r as number, img as string, n as string, f as string), [
              backend,
              RUNS,
              b64,
              name,
              m.indexFile,
            ] as const),
          );
          perModel.push({ id: m.id, t, err: '' });
        } catch (e) {
          perModel.push({ id: m.id, t: null, err: (e as Error).message.split('\n')[0] });
        }
      }
      const base = perModel[perModel.length - 1]!;
      for (const pm of perModel)
        networkRows.push(
          `| ${backend} | ${pm.id} | ${pm.t ? ms(pm.t.warmInferenceMs) : `n/a (${pm.err})`} | ${ms(pm.t?.networkMs)} | ${ms(pm.t?.scoreHeatmapMs)} | ${pm.t && base.t && pm !== base ? `${(pm.t.warmInferenceMs / base.t.warmInferenceMs).toFixed(2)}x` : pm === base ? '1x (reference)' : 'n/a'} |`,
        );
      let drop: number | null = null;
      if (s) {
        try {
          drop = med(await dropToFindings(browser, backend));
        } catch (e) {
          console.log(`drop-to-findings ${backend}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
      let bl: BaselineResult | null = null;
      let bErr = '';
      if (backend !== 'cpu' || process.env.BENCH_CPU_BASELINE === '1') {
        try {
          bl = await inPage(browser, `${BASE}/bench/inference/harness.html`, (page) =>
            page.evaluate(([b, r, img, n]) => window.__bench!.baseline(b as never, r as number, img as string, n as string), [
              backend,
              RUNS,
              b64,
              name,
            ] as const),
          );
        } catch (e) {
          bErr = (e as Error).message.split('\n')[0];
        }
      } else bErr = 'skipped on cpu (minutes per run; BENCH_CPU_BASELINE=1 to include)';
      console.log(JSON.stringify({ backend, s, sErr, drop, bl, bErr }));
      rows.push(
        `| ${backend} | StatRead | ${s ? `${ms(s.loadColdMs)} / ${ms(s.loadCachedMs)}` : `n/a (${sErr})`} | ${ms(s?.firstInferenceMs)} | ${ms(s?.warmInferenceMs)} | ${s ? `${ms(s.heatmapMs)} (CAM of another finding: ${ms(s.camOnlyMs)})` : 'n/a'} | ${ms(s?.scoreHeatmapMs)} | ${ms(drop)} |`,
        `| ${backend} | baseline | ${bl ? `${ms(bl.loadColdMs)} / ${ms(bl.loadCachedMs)}` : `n/a (${bErr})`} | ${ms(bl?.firstInferenceMs)} | ${ms(bl?.warmInferenceMs)} | ${ms(bl?.saliencyMs)} | ${ms(bl?.scoreSaliencyMs)} | ${bl ? `${ms(bl.dropToResultMs)} (decode + score + saliency, no UI)` : 'n/a'} |`,
      );
      if (s && bl)
        ratios.push(`| ${backend} | ${ms(s.scoreHeatmapMs)} | ${ms(bl.scoreSaliencyMs)} | **${(bl.scoreSaliencyMs / s.scoreHeatmapMs).toFixed(1)}x** |`);
      else if (s && /^over /.test(bErr))
        // The baseline did not even finish loading + one inference + its runs within the limit: a lower bound.
        ratios.push(
          `| ${backend} | ${ms(s.scoreHeatmapMs)} | > ${LIMIT_MS / 1000} s (limit; did not finish) | **> ${Math.floor(LIMIT_MS / s.scoreHeatmapMs)}x** (lower bound) |`,
        );
      else ratios.push(`| ${backend} | ${ms(s?.scoreHeatmapMs)} | ${ms(bl?.scoreSaliencyMs)} | n/a |`);
    }
  } finally {
    await browser.close();
    preview.kill('SIGTERM');
  }
  const md = [
    '## In-browser inference (StatRead vs a Chester-like baseline)',
    '',
    `Command: \`npx tsx bench/inference.bench.ts\` (BENCH_RUNS=${RUNS}, medians; limit ${LIMIT_MS / 1000} s per backend and side). ` +
      `Machine: ${cpuModel()}, headless Chromium; WebGPU adapter: ${adapter} (software: WebGPU/WebGL numbers are SwiftShader, not a GPU).`,
    `StatRead model: ${modelNote}. Image: ${name} (1024x1024 PNG, NIH ChestX-ray14).`,
    "Baseline: DenseNet-121, 224x224x3 float32, random weights (speed only), saliency = |d score/d input| (Chester-style); on wasm it uses the trainer's registered gradient kernels (tfjs-backend-wasm 4.22 lacks Conv2DBackpropFilter).",
    '',
    '| backend | model | load cold / cached | first inference | warm inference | heatmap | score + heatmap (1024 px, from file bytes) | drop to findings (app) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Models compared in this run (the default first; "network" = the model alone on a synthetic image, warm; the last model listed is the reference of the ratio):`,
    '',
    '| backend | model | network (warm) | network inside a score run | score + heatmap (1024 px) | network vs reference |',
    '| --- | --- | --- | --- | --- | --- |',
    ...networkRows,
    '',
    'StatRead score + heatmap vs baseline score + saliency on the same backend (baseline time / StatRead time; the goal is at least 10x):',
    '',
    '| backend | StatRead | baseline | speed-up |',
    '| --- | --- | --- | --- |',
    ...ratios,
    '',
    'Notes: "load" is fetch/IndexedDB read + weight upload; "first inference" is the first run after loading (kernel compilation); "warm inference" is the network alone on a synthetic image; "score + heatmap" includes PNG decode, preprocessing, network, OOD distance and the CAM in the worker; "drop to findings" is measured in the app from the file input\'s change event to the panel reporting done, with the model already loaded.',
    '',
  ].join('\n');
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'inference.md'), md);
  console.log(md);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
