// Benchmark: the triage worklist at size, in headless Chromium against the production build.
//
//   npx tsx bench/triage.bench.ts        (BENCH_NO_BUILD=1 reuses bench/out/dist-current; BENCH_PORT, default 5201)
//
// Studies: single-image 1024x1024 12-bit CR DICOMs generated from the real radiographs of ../shared/data/cxr-fullres
// into a temp folder by bench/fixtures/makeTriageStudies.ts (never committed). Backend: wasm, which is what the app
// picks on this machine (SwiftShader GPU; e2e/ai-backend.spec.ts), forced with ?backend=wasm so the one-time
// background timing of the other backends does not run during the measurement.
//
// Runs, each in a fresh browser context, opened through the "Open folder" input (disk-backed Files, as a drop):
//  1. baseline: the single-image path the viewer had before the worklist: the reader shows each image and waits for
//     the AI panel's result (viewer decode + render + score + heatmap), one after another, with the worklist paused;
//  2. the worklist pool on 200 studies, with the default pool size here and with 2 workers;
//  3. memory: the pool on 500 studies, sampling the renderer processes' memory (PSS from /proc, the tab's
//     process: main thread, workers, WebAssembly, decoded images) and the main thread's JS heap (CDP
//     Performance.getMetrics) every 500 ms. performance.measureUserAgentSpecificMemory() needs cross-origin isolation,
//     which the app does not have, so it is not used.
// Long tasks: the app's own count of main-thread 'longtask' entries (PerformanceObserver) during each batch.
// Writes bench/out/triage.md.
//
// Before/after (first, unless BENCH_BASELINE_REV=none): the pool run on BENCH_TRIAGE_COMPARE_N studies (default 200)
// with the baseline build (BENCH_BASELINE_REV, default 6f6d8eb: bench/support/baselineBuild.ts exports it with
// git archive into bench/out/baseline-<rev> and builds it there, served on BENCH_BASELINE_PORT, default BENCH_PORT+1)
// and with this checkout's build, BENCH_TRIAGE_COMPARE_ROUNDS rounds (default 2) alternating which build goes first,
// so that the machine's load hits both alike: studies/min, peak tab memory, peak JS heap and the score requests sent
// to workers (counted by bench/support/workerMessages.ts, the same for both builds). Its rows go to the one
// before/after table (bench/out/compare/triage.json -> bench/out/baseline-compare.md).
// BENCH_TRIAGE_ONLY=compare runs only that part; =pool or =memory only those runs of the current build.
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { REPO_ROOT, missingDataReason } from '../test-support/sharedData';
import { cpuModel, ensureBuild, loadAverage, startPreview, stopPreview } from './support/previewServer';
import { browserMemory, waitUntil } from './support/browserMemory';
import { baselineRev, ensureBaselineBuild } from './support/baselineBuild';
import { writeCompareSection, type CompareRow } from './support/baselineCompare';
import { countWorkerMessages, decodeAndScoreCounts, workerMessages } from './support/workerMessages';
import { makeTriageStudies } from './fixtures/makeTriageStudies';

const PORT = Number(process.env.BENCH_PORT ?? 5201);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const BASELINE_PORT = Number(process.env.BENCH_BASELINE_PORT ?? PORT + 1);
const OUT_MD = join(REPO_ROOT, 'bench', 'out', 'triage.md');
const DIST = join(REPO_ROOT, 'bench', 'out', 'dist-current');
const BASELINE_N = Number(process.env.BENCH_TRIAGE_BASELINE ?? 40);
const POOL_N = 200;
const MEMORY_N = 500;
const COMPARE_N = Number(process.env.BENCH_TRIAGE_COMPARE_N ?? POOL_N);
const COMPARE_ROUNDS = Math.max(1, Number(process.env.BENCH_TRIAGE_COMPARE_ROUNDS ?? 2));

// ---- runs -------------------------------------------------------------------------------------------------

async function openApp(browser: Browser, query: string, baseUrl = BASE_URL): Promise<{ page: Page; close: () => Promise<void> }> {
  // No service worker: its one-time install (the whole build) would compete with the measured batch.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  await countWorkerMessages(context);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/?backend=wasm${query}`);
  await waitUntil(page, '!!window.__statread && !!window.__statreadAi && !!window.__statreadTriage', 60_000);
  await page.getByRole('tab', { name: /^Worklist/ }).click();
  return { page, close: () => context.close() };
}

interface PoolRun {
  label: string;
  n: number;
  workers: number;
  seconds: number;
  perMinute: number;
  done: number;
  failed: number;
  peakRendererMb: number;
  peakGpuMb: number;
  peakJsHeapMb: number;
  longTasks: { count: number; totalMs: number; maxMs: number; supported: boolean };
  /** Seconds until every file was read and listed, and the long tasks before / after that moment. */
  intakeSeconds: number;
  intakeLongTasks: { count: number; totalMs: number };
  scoringLongTasks: { count: number; totalMs: number; maxMs: number };
  /** Score requests posted to inference workers during the batch (panel and pool together). */
  scoreRequests: number;
}

async function poolRun(browser: Browser, label: string, dir: string, n: number, query = '', baseUrl = BASE_URL): Promise<PoolRun> {
  const { page, close } = await openApp(browser, query, baseUrl);
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    let peakRenderer = 0;
    let peakGpu = 0;
    let peakHeap = 0;
    const sample = async () => {
      const m = browserMemory();
      peakRenderer = Math.max(peakRenderer, m.rendererMb);
      peakGpu = Math.max(peakGpu, m.gpuMb);
      const metrics = (await cdp.send('Performance.getMetrics')).metrics;
      const heap = metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? 0;
      peakHeap = Math.max(peakHeap, heap / 2 ** 20);
    };
    await sample();
    const t0 = Date.now();
    await page.getByLabel('Open folder', { exact: true }).setInputFiles(dir);
    let intakeEnd: { seconds: number; pageMs: number } | null = null;
    for (;;) {
      await sample();
      if (!intakeEnd) {
        const runs = await page.evaluate<string | null>(`document.querySelector('[data-testid="study-list"]').getAttribute('data-intake-runs')`);
        if (runs === '1') intakeEnd = { seconds: (Date.now() - t0) / 1000, pageMs: await page.evaluate<number>('performance.now()') };
      }
      const p = await page.evaluate<{ rows: number; pending: number; failed: number; done: number }>(`(() => {
        const rows = window.__statreadTriage.rows();
        return { rows: rows.length, pending: rows.filter((r) => r.status === 'queued' || r.status === 'scoring').length,
                 failed: rows.filter((r) => r.status === 'error').length, done: rows.filter((r) => r.status === 'done').length };
      })()`);
      if (p.rows === n && p.pending === 0) {
        const seconds = (Date.now() - t0) / 1000;
        const longTasks = await page.evaluate<PoolRun['longTasks']>('window.__statreadTriage.longTasks()');
        const entries = await page.evaluate<{ start: number; duration: number }[]>('window.__statreadTriage.longTaskEntries()');
        const cut = intakeEnd?.pageMs ?? Infinity;
        const before = entries.filter((e) => e.start < cut);
        const after = entries.filter((e) => e.start >= cut);
        const sum = (xs: { duration: number }[]) => xs.reduce((a, e) => a + e.duration, 0);
        const intakeLongTasks = { count: before.length, totalMs: sum(before) };
        const scoringLongTasks = { count: after.length, totalMs: sum(after), maxMs: Math.max(0, ...after.map((e) => e.duration)) };
        const pool = await page.evaluate<{ size: number } | null>('window.__statreadTriage.pool()');
        const { scoreRequests } = decodeAndScoreCounts(await workerMessages(page));
        // One last sample after the batch (the decoded state the tab keeps).
        await sample();
        const r: PoolRun = {
          label,
          n,
          workers: pool?.size ?? 0,
          seconds,
          perMinute: (n / seconds) * 60,
          done: p.done,
          failed: p.failed,
          peakRendererMb: peakRenderer,
          peakGpuMb: peakGpu,
          peakJsHeapMb: peakHeap,
          longTasks,
          intakeSeconds: intakeEnd?.seconds ?? seconds,
          intakeLongTasks,
          scoringLongTasks,
          scoreRequests,
        };
        console.log(`${label}: ${JSON.stringify(r)}`);
        return r;
      }
      if (Date.now() - t0 > 30 * 60_000) throw new Error(`${label}: not finished after 30 min (${JSON.stringify(p)})`);
      await new Promise((res) => setTimeout(res, 500));
    }
  } finally {
    await close();
  }
}

async function baselineRun(browser: Browser, dir: string, n: number): Promise<{ seconds: number; perMinute: number }> {
  const { page, close } = await openApp(browser, '');
  try {
    // The worklist is paused: only the single-image path runs.
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByLabel('Open folder', { exact: true }).setInputFiles(dir);
    await waitUntil(page, `document.querySelector('[data-testid="study-list"]').getAttribute('data-intake-runs') === '1'`, 300_000, 250);
    const names = readdirSync(dir).sort();
    const t0 = Date.now();
    for (const name of names) {
      const ok = await page.evaluate<boolean>(`window.__statread.showFile(${JSON.stringify(name)})`);
      if (!ok) throw new Error(`baseline: ${name} is not open`);
      await waitUntil(
        page,
        `(() => { const s = window.__statreadAi.snapshot(); return s.fileName === ${JSON.stringify(name)} && (s.state === 'done' || s.state === 'not-scored' || s.state === 'error'); })()`,
        120_000,
        50,
      );
    }
    const seconds = (Date.now() - t0) / 1000;
    const requests = await page.evaluate<number>('window.__statreadTriage.scoreRequests()');
    if (requests !== 0) throw new Error(`baseline: the paused pool sent ${requests} score requests`);
    console.log(`baseline: ${n} images in ${seconds.toFixed(1)} s`);
    return { seconds, perMinute: (n / seconds) * 60 };
  } finally {
    await close();
  }
}

/** The pool run on the baseline build and on the current build, alternating which goes first; rows for the table. */
async function compareRun(browser: Browser, dir: string): Promise<{ rows: CompareRow[]; notes: string[] }> {
  const urls = { baseline: `http://127.0.0.1:${BASELINE_PORT}`, current: BASE_URL };
  const runs: Record<'baseline' | 'current', PoolRun[]> = { baseline: [], current: [] };
  for (let round = 0; round < COMPARE_ROUNDS; round++) {
    const order = round % 2 === 0 ? (['baseline', 'current'] as const) : (['current', 'baseline'] as const);
    for (const side of order)
      runs[side].push(await poolRun(browser, `${side} build, ${COMPARE_N} studies, round ${round + 1}`, dir, COMPARE_N, '', urls[side]));
  }
  const pick = (f: (r: PoolRun) => number) => ({ baseline: runs.baseline.map(f), current: runs.current.map(f) });
  const batch = `triage batch of ${COMPARE_N} studies (1024² CR)`;
  const rows: CompareRow[] = [
    { measure: `${batch}: studies/min`, unit: 'per-min', better: 'higher', ...pick((r) => r.perMinute) },
    { measure: `${batch}: peak tab memory (renderer PSS)`, unit: 'MB', better: 'lower', ...pick((r) => r.peakRendererMb) },
    { measure: `${batch}: peak main-thread JS heap`, unit: 'MB', better: 'lower', ...pick((r) => r.peakJsHeapMb) },
    { measure: `${batch}: AI score requests to workers`, unit: 'count', better: 'lower', ...pick((r) => r.scoreRequests) },
  ];
  const describe = (r: PoolRun) => `${r.seconds.toFixed(1)} s, ${r.workers} pool worker(s), ${r.done} done / ${r.failed} failed`;
  const notes = [
    `Each round opens the ${COMPARE_N} studies with "Open folder" in a fresh browser context on ?backend=wasm and times until every worklist row is done (the first study is also shown and scored by the AI panel, as for a reader); memory sampled every 500 ms (renderer PSS from /proc, JS heap from CDP). Runs: baseline ${runs.baseline.map(describe).join('; ')}; current ${runs.current.map(describe).join('; ')}.`,
  ];
  return { rows, notes };
}

async function main(): Promise<void> {
  mkdirSync(join(REPO_ROOT, 'bench', 'out'), { recursive: true });
  const missing = missingDataReason('cxr-fullres');
  if (missing) {
    writeFileSync(OUT_MD, `## Triage worklist at size\n\nSkipped: ${missing}\n`);
    return;
  }
  // BENCH_TRIAGE_ONLY=memory (etc.) runs one part while developing; the recorded output needs them all.
  const only = process.env.BENCH_TRIAGE_ONLY ?? '';
  const rev = baselineRev();
  if (only === 'compare' && !rev) throw new Error('BENCH_TRIAGE_ONLY=compare needs a baseline (BENCH_BASELINE_REV)');
  console.log('generating the studies (temp folder, reused between runs)...');
  const sets = makeTriageStudies(only === 'compare' ? [COMPARE_N] : [...new Set([BASELINE_N, POOL_N, MEMORY_N, COMPARE_N])]);
  const baselineBuild = rev && (only === '' || only === 'compare') ? ensureBaselineBuild(rev) : null;
  // BENCH_CURRENT_DIST serves another build as the current one (e.g. the baseline's, for an A/A check of the noise).
  const dist = process.env.BENCH_CURRENT_DIST ?? DIST;
  if (!process.env.BENCH_CURRENT_DIST) ensureBuild(dist, { announce: true });
  const servers = [await startPreview(dist, PORT)];
  let browser: Browser | undefined;
  try {
    if (baselineBuild) servers.push(await startPreview(baselineBuild.dist, BASELINE_PORT, baselineBuild.root));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const machine = () =>
      `${cpuModel()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB; Chromium ${browser!.version()} headless; backend **wasm** (what the app picks here: SwiftShader GPU), forced with ?backend=wasm`;
    if (baselineBuild) {
      const t0 = Date.now();
      const started = new Date().toISOString();
      const loadBefore = loadAverage();
      const { rows, notes } = await compareRun(browser, sets[COMPARE_N]);
      notes.push(`Took ${((Date.now() - t0) / 60_000).toFixed(1)} min.`);
      const md = writeCompareSection({
        bench: 'triage',
        command: `BENCH_TRIAGE_ONLY=compare BENCH_TRIAGE_COMPARE_N=${COMPARE_N} BENCH_TRIAGE_COMPARE_ROUNDS=${COMPARE_ROUNDS} npm run bench -- triage`,
        started,
        baseline: baselineBuild.describe,
        machine: `${machine()}; 1-minute load average ${loadBefore} before, ${loadAverage()} after (above ${cpus().length}: other work competed, times inflated).`,
        notes,
        rows,
      });
      console.log(md);
      if (only === 'compare') return;
    }
    const loadBefore = loadAverage();
    const started = new Date().toISOString();
    if (only === 'memory') {
      await poolRun(browser, `pool, ${MEMORY_N} studies (memory)`, sets[MEMORY_N], MEMORY_N);
      return;
    }
    if (only === 'pool') {
      await poolRun(browser, `pool, ${POOL_N} studies`, sets[POOL_N], POOL_N);
      return;
    }
    const baseline = await baselineRun(browser, sets[BASELINE_N], BASELINE_N);
    const pool = await poolRun(browser, `pool, ${POOL_N} studies`, sets[POOL_N], POOL_N);
    const pool2 = await poolRun(browser, `pool of 2 workers, ${POOL_N} studies`, sets[POOL_N], POOL_N, '&triageWorkers=2');
    const memory = await poolRun(browser, `pool, ${MEMORY_N} studies (memory)`, sets[MEMORY_N], MEMORY_N);
    const loadAfter = loadAverage();
    const lt = (r: PoolRun) =>
      r.longTasks.supported
        ? `${r.longTasks.count} (total ${Math.round(r.longTasks.totalMs)} ms, max ${Math.round(r.longTasks.maxMs)} ms): ${r.intakeLongTasks.count} while the files were read (${r.intakeSeconds.toFixed(0)} s), ${r.scoringLongTasks.count} after (max ${Math.round(r.scoringLongTasks.maxMs)} ms)`
        : 'n/a';
    const row = (r: PoolRun) =>
      `| ${r.label} | ${r.workers} | ${r.seconds.toFixed(1)} s | **${r.perMinute.toFixed(0)}** | ${r.done} done, ${r.failed} failed | ${r.peakRendererMb.toFixed(0)} MB | ${r.peakJsHeapMb.toFixed(0)} MB | ${r.peakGpuMb.toFixed(0)} MB | ${lt(r)} |`;
    const lines = [
      '## Triage worklist at size (1024x1024 CR studies)',
      '',
      `Command: \`npx tsx bench/triage.bench.ts\`; run ${started}.`,
      `Machine: ${machine()}; 1-minute load average ${loadBefore} before and ${loadAfter} after (above ${cpus().length}: other work shared the CPU, times are inflated).`,
      `Studies: single-image 1024x1024, 12-bit CR DICOMs (2.1 MB, uncompressed) made from the 7 cxr-fullres radiographs with per-study noise and new UIDs by bench/fixtures/makeTriageStudies.ts, opened through "Open folder" (disk-backed files). Time: from setting the folder until every row is done; model ${'`cxr-mobilenet-fold-128`'}.`,
      '',
      '| run | workers | time | studies / min | rows | peak tab memory (renderer PSS) | peak main-thread JS heap | peak GPU process PSS | main-thread long tasks during the batch |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| baseline: single-image path, ${BASELINE_N} studies one after another (show, wait for the AI panel) | 1 (panel) | ${baseline.seconds.toFixed(1)} s | **${baseline.perMinute.toFixed(0)}** | – | – | – | – | – |`,
      row(pool),
      row(pool2),
      row(memory),
      '',
      `Speed-up of the worklist pool over the single-image path: ${(pool.perMinute / baseline.perMinute).toFixed(1)}x (default pool), ${(pool2.perMinute / baseline.perMinute).toFixed(1)}x (2 workers). Memory target: 500 studies under about 1.5 GB of tab memory: ${memory.peakRendererMb < 1536 ? 'met' : 'NOT met'} (${memory.peakRendererMb.toFixed(0)} MB peak).`,
      '',
    ];
    writeFileSync(OUT_MD, lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    await browser?.close();
    for (const s of servers) await stopPreview(s);
  }
}

await main();
