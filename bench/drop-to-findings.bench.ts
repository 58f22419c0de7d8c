// Benchmark: drop to first pixel and drop to findings for a 2500x2500 12-bit CR, baseline build against current
// build in the same run (the before/after table of bench/support/baselineCompare.ts).
//
//   npm run bench -- drop-to-findings            (= npx tsx bench/drop-to-findings.bench.ts)
//
//   BENCH_RUNS=7             timed runs per build and format (after one untimed check run each)
//   BENCH_BASELINE_REV=6f6d8eb   the revision to compare with (bench/support/baselineBuild.ts: exported with
//                            git archive into bench/out/baseline-<rev>, node_modules symlinked, built with test hooks
//                            into bench/out/dist-baseline-<rev> and reused while it matches the revision)
//   BENCH_FORMATS=uncompressed,j2kLossless,htj2kLossless   which fixtures
//   BENCH_PORT=4181, BENCH_BASELINE_PORT=BENCH_PORT+1   the two `vite preview` servers
//   BENCH_NO_BUILD=1         reuse bench/out/dist-current instead of building this checkout again
//   BENCH_CURRENT_DIST=<dir>  serve that build as "current" instead (e.g. the baseline's, for an A/A check of the noise)
//
// Files: bench/fixtures/makeCr2500.ts writes the CR (made from a real radiograph) uncompressed, JPEG 2000 lossless
// and HTJ2K lossless into bench/out/fixtures. Each run opens the app in a new browser context (cold page: empty HTTP
// cache, empty IndexedDB, so no stored AI result), on ?backend=wasm (forced: what the app picks on a machine
// without a GPU, and no one-time backend timing runs during the measurement), waits until the model is loaded
// (window.__statreadAi.snapshot(): model and backend known, state idle), then sets the file on the "Open files"
// input. In the page, from that input's `change` event: (a) first pixel = [data-testid="viewport"] has
// data-state="ready" for that file; (b) findings = the AI snapshot is "done" (or "not-scored") for that file,
// observed on DOM mutations, i.e. when the panel has rendered it. The worklist pool runs as it does for a reader
// (it competes for the CPU in the baseline, where it scores the image a second time).
// Timed runs alternate the two builds run by run (baseline first on even runs, current first on odd ones), so the
// machine's load hits both alike. The untimed check run of each build and format checks the displayed pixels (sum of
// all 6.25 M stored values, when the build has window.__statread.getDecodedPixels), keeps the probabilities (the two
// builds are compared) and, after the worklist has finished too, counts the messages posted to workers: score requests
// and display decodes (bench/support/workerMessages.ts), plus window.__statreadScoring.total() where it exists.
// Writes bench/out/compare/drop-to-findings.json and bench/out/baseline-compare.md.
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { REPO_ROOT, missingDataReason } from '../test-support/sharedData';
import { makeCrFixtures, makeCrPixels, SIZE, SOURCE_IMAGE, type CrFixture, type CrFormat } from './fixtures/makeCr2500';
import { baselineRev, ensureBaselineBuild } from './support/baselineBuild';
import { writeCompareSection, type CompareRow } from './support/baselineCompare';
import { waitUntil } from './support/browserMemory';
import { cpuModel, ensureBuild, loadAverage, startPreview, stopPreview } from './support/previewServer';
import { countWorkerMessages, decodeAndScoreCounts, workerMessages } from './support/workerMessages';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const PORT = Number(process.env.BENCH_PORT ?? 4181);
const BASELINE_PORT = Number(process.env.BENCH_BASELINE_PORT ?? PORT + 1);
const ALL_FORMATS: CrFormat[] = ['uncompressed', 'j2kLossless', 'htj2kLossless'];
const FORMATS = (process.env.BENCH_FORMATS?.split(',').map((s) => s.trim()) ?? ALL_FORMATS) as CrFormat[];
const CURRENT_DIST = process.env.BENCH_CURRENT_DIST ?? join(REPO_ROOT, 'bench', 'out', 'dist-current');
const LIMIT_MS = 180_000;

const FORMAT_LABEL: Record<CrFormat, string> = {
  uncompressed: 'uncompressed',
  j2kLossless: 'JPEG 2000 lossless',
  htj2kLossless: 'HTJ2K lossless',
};

type Side = 'baseline' | 'current';
interface Build {
  side: Side;
  baseUrl: string;
}

interface Findings {
  ms: number;
  state: string;
  reason: string;
  probabilities: Record<string, number>;
}

interface RunResult {
  pixelMs: number;
  findings: Findings;
}

interface CheckResult extends RunResult {
  /** null: the build has no pixel hook */
  pixelsExact: boolean | null;
  messages: Record<string, number>;
  scoringTotal: { score: number; heatmap: number } | null;
  worklist: string[];
}

const MODEL_READY = `(() => {
  if (!window.__statreadAi) return false;
  const s = window.__statreadAi.snapshot();
  return !!s.model && !!s.backend && s.state === 'idle';
})()`;

/** In-page clock (source text: tsx's helpers do not exist in the page): t0 at the change event, then pixel and findings. */
function armClock(fileName: string): string {
  return `new Promise((resolve, reject) => {
    const name = ${JSON.stringify(fileName)};
    let t0 = -1;
    let pixel = null;
    let findings = null;
    document.addEventListener('change', () => { if (t0 < 0) t0 = performance.now(); }, { capture: true });
    const vp = document.querySelector('[data-testid="viewport"]');
    if (!vp) { reject(new Error('no viewport')); return; }
    const check = () => {
      if (t0 < 0) return;
      const now = performance.now();
      if (pixel === null) {
        const state = vp.getAttribute('data-state');
        if (state === 'ready' && vp.getAttribute('data-file-name') === name) pixel = now - t0;
        else if (state === 'error') { done(); reject(new Error('viewport error for ' + name)); return; }
      }
      if (findings === null) {
        const s = window.__statreadAi.snapshot();
        if ((s.state === 'done' || s.state === 'not-scored') && s.fileName === name) findings = { ms: now - t0, state: s.state, reason: s.reason, probabilities: s.probabilities };
        else if (s.state === 'error') findings = { ms: now - t0, state: s.state, reason: s.reason, probabilities: {} };
      }
      if (pixel !== null && findings !== null) { done(); resolve({ pixelMs: pixel, findings }); }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { attributes: true, childList: true, subtree: true, characterData: true });
    const slow = setInterval(check, 250);
    const limit = setTimeout(() => { done(); reject(new Error('pixel ' + pixel + ', findings ' + JSON.stringify(findings) + ' after ${LIMIT_MS} ms')); }, ${LIMIT_MS});
    function done() { observer.disconnect(); clearInterval(slow); clearTimeout(limit); }
  })`;
}

const DECODED_SUM = `(() => {
  const d = window.__statread && window.__statread.getDecodedPixels && window.__statread.getDecodedPixels();
  if (!d) return null;
  let sum = 0;
  for (let i = 0; i < d.data.length; i++) sum += d.data[i];
  return { sum, count: d.data.length };
})()`;

const WORKLIST_SETTLED = `(() => {
  const t = window.__statreadTriage;
  if (!t) return true;
  const rows = t.rows();
  return rows.length > 0 && rows.every((r) => r.status !== 'queued' && r.status !== 'scoring');
})()`;

async function oneRun(browser: Browser, build: Build, fixture: CrFixture, expectedSum?: number): Promise<CheckResult> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  try {
    await countWorkerMessages(context);
    const page = await context.newPage();
    await page.goto(`${build.baseUrl}/?backend=wasm`);
    await waitUntil(page, MODEL_READY, LIMIT_MS, 50);
    const fileName = fixture.path.split('/').pop() ?? '';
    const clock = page.evaluate<RunResult>(armClock(fileName));
    await page.getByLabel('Open files', { exact: true }).setInputFiles(fixture.path);
    const run = await clock;
    if (expectedSum === undefined) return { ...run, pixelsExact: null, messages: {}, scoringTotal: null, worklist: [] };
    const got = await page.evaluate<{ sum: number; count: number } | null>(DECODED_SUM);
    const pixelsExact = got ? got.count === SIZE * SIZE && got.sum === expectedSum : null;
    if (pixelsExact === false)
      throw new Error(`${build.side} ${fixture.format}: the viewer decoded wrong values (sum ${got?.sum} of ${got?.count}, expected ${expectedSum})`);
    // Let the worklist finish too, then count what was sent to the workers for this one file.
    await waitUntil(page, WORKLIST_SETTLED, LIMIT_MS, 250);
    await new Promise((r) => setTimeout(r, 1000));
    const messages = await workerMessages(page);
    const scoringTotal = await page.evaluate<{ score: number; heatmap: number } | null>(
      'window.__statreadScoring && window.__statreadScoring.total ? window.__statreadScoring.total() : null',
    );
    const worklist = await page.evaluate<string[]>(
      "window.__statreadTriage ? window.__statreadTriage.rows().map((r) => r.status + (r.reason ? ': ' + r.reason : '')) : []",
    );
    return { ...run, pixelsExact, messages, scoringTotal, worklist };
  } finally {
    await context.close();
  }
}

const scored = (f: Findings) => f.state === 'done';
const short = (s: string, n = 70) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** The gist of an AI error for a table cell: without the file name the app repeats, up to the first ';'. */
const whyNot = (reason: string, fileName: string) =>
  reason
    .split(`${fileName}: `)
    .join('')
    .replace(/^Could not score /, '')
    .split(';')[0];

async function main(): Promise<void> {
  const missing = missingDataReason(SOURCE_IMAGE);
  const rev = baselineRev();
  if (missing || !rev) {
    const why = missing ?? 'BENCH_BASELINE_REV=none';
    writeCompareSection({
      bench: 'drop-to-findings',
      command: 'npm run bench -- drop-to-findings',
      started: new Date().toISOString(),
      baseline: 'none',
      machine: cpuModel(),
      notes: [`Skipped: ${why}`],
      rows: [],
    });
    console.log(`skipped: ${why}`);
    return;
  }
  const fixtures = (await makeCrFixtures()).filter((f) => FORMATS.includes(f.format));
  const baseline = ensureBaselineBuild(rev);
  if (!process.env.BENCH_CURRENT_DIST) ensureBuild(CURRENT_DIST, { announce: true });
  const servers = [await startPreview(baseline.dist, BASELINE_PORT, baseline.root)];
  const builds: Record<Side, Build> = {
    baseline: { side: 'baseline', baseUrl: `http://127.0.0.1:${BASELINE_PORT}` },
    current: { side: 'current', baseUrl: `http://127.0.0.1:${PORT}` },
  };
  let browser: Browser | undefined;
  try {
    servers.push(await startPreview(CURRENT_DIST, PORT));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const started = new Date().toISOString();
    const t0 = Date.now();
    const loadBefore = loadAverage();
    const pixels = makeCrPixels();
    const expectedSum = pixels.reduce((a, b) => a + b, 0);
    const checks: Record<string, Record<Side, CheckResult>> = {};
    const samples: Record<string, Record<Side, RunResult[]>> = {};
    for (const f of fixtures) {
      checks[f.format] = {} as Record<Side, CheckResult>;
      samples[f.format] = { baseline: [], current: [] };
      for (const side of ['baseline', 'current'] as Side[]) {
        const c = await oneRun(browser, builds[side], f, expectedSum);
        checks[f.format][side] = c;
        console.log(
          `check ${side} ${f.format}: pixel ${c.pixelMs.toFixed(0)} ms, findings ${c.findings.state} ${c.findings.ms.toFixed(0)} ms, workers ${JSON.stringify(c.messages)}, worklist ${JSON.stringify(c.worklist)}`,
        );
      }
    }
    const failures: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const order: Side[] = i % 2 === 0 ? ['baseline', 'current'] : ['current', 'baseline'];
      for (const f of fixtures) {
        for (const side of order) {
          try {
            const r = await oneRun(browser, builds[side], f);
            samples[f.format][side].push(r);
            console.log(
              `run ${i + 1}/${RUNS} ${f.format} ${side}: pixel ${r.pixelMs.toFixed(0)} ms, findings ${r.findings.state} ${r.findings.ms.toFixed(0)} ms`,
            );
          } catch (err) {
            const msg = `run ${i + 1} ${f.format} ${side}: ${err instanceof Error ? err.message : String(err)}`;
            failures.push(msg);
            console.log(`FAILED ${msg}`);
          }
        }
      }
    }
    const attempted = RUNS * fixtures.length * 2;
    if (failures.length * 2 > attempted) throw new Error(`${failures.length} of ${attempted} runs failed:\n${failures.join('\n')}`);
    const loadAfter = loadAverage();

    const rows: CompareRow[] = [];
    for (const f of fixtures) {
      const label = `${SIZE}² CR, ${FORMAT_LABEL[f.format]} (${(f.bytes / 1e6).toFixed(1)} MB)`;
      const s = samples[f.format];
      rows.push({
        measure: `drop to first pixel, ${label}`,
        unit: 'ms',
        better: 'lower',
        baseline: s.baseline.map((r) => r.pixelMs),
        current: s.current.map((r) => r.pixelMs),
      });
      const findingsOf = (side: Side): number[] | string => {
        const c = checks[f.format][side].findings;
        if (!scored(c)) return `${c.state === 'error' ? 'not scored (error)' : c.state}: ${short(whyNot(c.reason, f.path.split('/').pop() ?? ''))}`;
        return s[side].filter((r) => scored(r.findings)).map((r) => r.findings.ms);
      };
      rows.push({ measure: `drop to findings, ${label}`, unit: 'ms', better: 'lower', baseline: findingsOf('baseline'), current: findingsOf('current') });
    }
    const countRow = (measure: string, pick: (c: CheckResult) => number): CompareRow => ({
      measure,
      unit: 'count',
      better: 'lower',
      baseline: fixtures.map((f) => pick(checks[f.format].baseline)),
      current: fixtures.map((f) => pick(checks[f.format].current)),
    });
    rows.push(
      countRow(
        'AI score requests to workers for one dropped CR (panel + worklist; one sample per format)',
        (c) => decodeAndScoreCounts(c.messages).scoreRequests,
      ),
    );
    rows.push(
      countRow(
        'display decodes (Cornerstone decode worker) for one dropped CR (one sample per format)',
        (c) => decodeAndScoreCounts(c.messages).displayDecodes,
      ),
    );

    const notes: string[] = [];
    for (const f of fixtures) {
      const b = checks[f.format].baseline;
      const c = checks[f.format].current;
      const labels = Object.keys(b.findings.probabilities);
      const diff =
        scored(b.findings) && scored(c.findings)
          ? Math.max(0, ...labels.map((l) => Math.abs((c.findings.probabilities[l] ?? NaN) - b.findings.probabilities[l])))
          : null;
      const msgs = (r: CheckResult) =>
        Object.entries(r.messages)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
      notes.push(
        `${FORMAT_LABEL[f.format]} (${f.transferSyntax}): displayed pixels exact: baseline ${b.pixelsExact ?? 'not checked (no hook)'}, current ${c.pixelsExact ?? 'not checked (no hook)'}; ` +
          `findings: baseline ${b.findings.state}, current ${c.findings.state}` +
          (diff === null
            ? ''
            : `, largest probability difference between the builds ${Number.isNaN(diff) ? 'n/a (different findings)' : diff.toExponential(1)}`) +
          `; worklist rows: baseline [${b.worklist.map((w) => short(w, 90)).join('; ')}], current [${c.worklist.map((w) => short(w, 90)).join('; ')}]` +
          `; messages to workers until the worklist finished: baseline {${msgs(b)}}, current {${msgs(c)}}` +
          (c.scoringTotal ? `; current __statreadScoring.total(): ${JSON.stringify(c.scoringTotal)}` : ''),
      );
    }
    if (failures.length) notes.push(`Failed runs (left out): ${failures.join('; ')}`);
    notes.push(`Took ${((Date.now() - t0) / 60_000).toFixed(1)} min for ${RUNS} timed runs per build and format.`);
    const md = writeCompareSection({
      bench: 'drop-to-findings',
      command: `BENCH_RUNS=${RUNS}${process.env.BENCH_FORMATS ? ` BENCH_FORMATS=${process.env.BENCH_FORMATS}` : ''}${process.env.BENCH_CURRENT_DIST ? ` BENCH_CURRENT_DIST=${process.env.BENCH_CURRENT_DIST}` : ''} npm run bench -- drop-to-findings`,
      started,
      baseline: baseline.describe,
      machine: `${cpuModel()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB; Chromium ${browser.version()} headless, new context per run; AI backend **wasm** (forced with ?backend=wasm), model loaded before the drop; 1-minute load average ${loadBefore} before, ${loadAfter} after (above ${cpus().length}: other work competed, times inflated). Image: ${SIZE}x${SIZE}, 12 bits stored, MONOCHROME2 CR made from ${SOURCE_IMAGE} by bench/fixtures/makeCr2500.ts; timed in the page from the "Open files" change event.`,
      notes,
      rows,
    });
    console.log(md);
  } finally {
    await browser?.close();
    for (const s of servers) await stopPreview(s);
  }
}

await main();
