// The bounded fuzz run: a pool of child processes (heap capped with --max-old-space-size, killed past a per-case
// time limit, replaced after a crash or a peak-RSS overrun) works through case ids; every outcome is tallied.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReply } from './child';
import { caseById, truncationIds } from './mutate';
import type { SeedFile } from './corpus';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface FuzzOptions {
  cases: number;
  seconds: number;
  seed: number;
  perCaseMs: number;
  /** V8 heap cap per child (MB). */
  heapMb: number;
  /** Peak RSS a child may reach (MB); crossing it fails the case (an allocation the heap cap cannot see). */
  rssMb: number;
  workers: number;
  /** Also truncate every seed file at every structural boundary (after the random cases). */
  sweep: boolean;
  /** Run exactly these case ids instead (replay). */
  ids?: string[];
  corpusDir?: string;
  onProgress?: (done: number, total: number, failures: number) => void;
  onFailure?: (f: Failure) => void;
}

export interface Failure {
  id: string;
  kind: string;
  seedFile: string;
  detail: string;
  reason: string;
}

export interface FuzzSummary {
  seed: number;
  casesRun: number;
  casesPlanned: number;
  stoppedByTime: boolean;
  seconds: number;
  /** Cases where every stage ended in success or a typed error. */
  clean: number;
  /** Cases where decodeImageAsync produced an image. */
  decoded: number;
  byMutation: Record<string, number>;
  /** Outcome labels per stage: classify (classifyBytes kinds), decode (sync), decodeAsync. */
  stages: { classify: Record<string, number>; decode: Record<string, number>; decodeAsync: Record<string, number> };
  failures: Failure[];
  maxCaseMs: number;
  /** Cases that missed the per-case limit once and were rerun in a fresh process with 5x the limit. */
  retriedAfterTimeout: number;
  /** Case ids the fuzzer itself could not build (a fuzzer bug, not an app failure; not counted as run). */
  generatorErrors: string[];
}

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  busy?: { id: string; timer: NodeJS.Timeout; resolve: (r: CaseResult) => void };
}

function spawnChild(opts: FuzzOptions): Slot {
  const child = fork(join(HERE, 'child.ts'), [], {
    execArgv: ['--import', 'tsx', '--import', join(HERE, 'esmShims.mjs'), `--max-old-space-size=${opts.heapMb}`, '--stack-size=984'],
    env: { ...process.env, FUZZ_SEED: String(opts.seed), FUZZ_CORPUS: opts.corpusDir ?? '' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const slot: Slot = {
    child,
    ready: new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code, signal) => reject(new Error(`fuzz child exited before ready (${code ?? signal}): ${stderr}`)));
    }),
  };
  child.on('message', (m: ChildReply | { ready: true } | { id: string; generatorError: string }) => {
    if ('ready' in m || !slot.busy || m.id !== slot.busy.id) return;
    const busy = slot.busy;
    slot.busy = undefined;
    clearTimeout(busy.timer);
    busy.resolve('generatorError' in m ? { id: m.id, error: `fuzzer could not build the case: ${m.generatorError}`, generator: true } : m);
  });
  child.on('exit', (code, signal) => {
    const busy = slot.busy;
    if (!busy) return;
    slot.busy = undefined;
    clearTimeout(busy.timer);
    const oom = /heap limit|out of memory|Allocation failed/i.test(stderr);
    busy.resolve({
      id: busy.id,
      error: `${oom ? 'out of memory' : 'child crashed'} (exit ${code ?? signal}) ${stderr.split('\n').slice(-4).join(' ').slice(0, 300)}`,
    });
  });
  return slot;
}

type CaseResult = ChildReply | { id: string; error: string; generator?: boolean };

function runOnSlot(slot: Slot, id: string, perCaseMs: number): Promise<CaseResult> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      slot.busy = undefined;
      slot.child.kill('SIGKILL');
      resolve({ id, error: `hang: no result within ${perCaseMs} ms` });
    }, perCaseMs);
    slot.busy = { id, timer, resolve };
    slot.child.send({ id });
  });
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

export async function runFuzz(opts: FuzzOptions, corpus: readonly SeedFile[]): Promise<FuzzSummary> {
  const ids: string[] = opts.ids ?? Array.from({ length: opts.cases }, (_, i) => `r${i}`);
  if (opts.sweep && !opts.ids) for (const id of truncationIds(corpus)) ids.push(id);
  const summary: FuzzSummary = {
    seed: opts.seed,
    casesRun: 0,
    casesPlanned: ids.length,
    stoppedByTime: false,
    seconds: 0,
    clean: 0,
    decoded: 0,
    byMutation: {},
    stages: { classify: {}, decode: {}, decodeAsync: {} },
    failures: [],
    maxCaseMs: 0,
    retriedAfterTimeout: 0,
    generatorErrors: [],
  };
  const start = Date.now();
  const deadline = start + opts.seconds * 1000;
  let next = 0;
  const slots = Array.from({ length: opts.workers }, () => spawnChild(opts));
  // The first start loads tsx, the codecs and the corpus: give it its own allowance, not the per-case limit.
  await Promise.all(slots.map((s) => s.ready));

  const worker = async (index: number) => {
    while (next < ids.length) {
      if (Date.now() > deadline) {
        summary.stoppedByTime = true;
        return;
      }
      const id = ids[next++];
      let slot = slots[index];
      let result = await runOnSlot(slot, id, opts.perCaseMs);
      if ('error' in result && result.error.startsWith('hang')) {
        // The machine may just be busy: a hang is a case that also misses 5x the limit in a fresh process.
        slot = spawnChild(opts);
        slots[index] = slot;
        await slot.ready;
        summary.retriedAfterTimeout++;
        result = await runOnSlot(slot, id, opts.perCaseMs * 5);
        if ('error' in result && result.error.startsWith('hang'))
          result.error = `hang: no result within ${opts.perCaseMs} ms, nor within ${opts.perCaseMs * 5} ms in a fresh process`;
      }
      if (!('generator' in result)) summary.casesRun++;
      let replace = false;
      if ('error' in result && result.generator) {
        summary.generatorErrors.push(`${id}: ${result.error}`);
      } else if ('error' in result) {
        let c: { kind: string; seedFile: string; detail: string };
        try {
          c = caseById(corpus, opts.seed, id);
        } catch (err) {
          c = { kind: '?', seedFile: '?', detail: `case could not be rebuilt: ${String(err)}` };
        }
        bump(summary.byMutation, c.kind);
        summary.failures.push({ id, kind: c.kind, seedFile: c.seedFile, detail: c.detail, reason: result.error });
        opts.onFailure?.(summary.failures[summary.failures.length - 1]);
        replace = true;
      } else {
        bump(summary.byMutation, result.kind);
        const o = result.outcome;
        bump(summary.stages.classify, o.classify.label);
        bump(summary.stages.decode, o.decode.label);
        bump(summary.stages.decodeAsync, o.decodeAsync.label);
        summary.maxCaseMs = Math.max(summary.maxCaseMs, result.ms);
        if (o.decodeAsync.label === 'ok') summary.decoded++;
        const reasons = (['classify', 'decode', 'decodeAsync'] as const).filter((s) => o[s].label === 'FAIL').map((s) => `${s}: ${o[s].error}`);
        for (const a of result.bigAllocations) reasons.push(`allocated a ${Math.round(a.bytes / 2 ** 20)} MB ${a.type} (unbounded allocation)`);
        if (result.maxRssMb > opts.rssMb) {
          reasons.push(`peak RSS ${Math.round(result.maxRssMb)} MB > ${opts.rssMb} MB (unbounded allocation)`);
          replace = true;
        }
        if (reasons.length > 0) {
          summary.failures.push({ id, kind: result.kind, seedFile: result.seedFile, detail: result.detail, reason: reasons.join('; ') });
          opts.onFailure?.(summary.failures[summary.failures.length - 1]);
        } else summary.clean++;
      }
      opts.onProgress?.(summary.casesRun, ids.length, summary.failures.length);
      if (replace) {
        slot.child.kill('SIGKILL');
        slot = spawnChild(opts);
        slots[index] = slot;
        await slot.ready;
      }
    }
  };
  try {
    await Promise.all(slots.map((_, i) => worker(i)));
  } finally {
    for (const s of slots) s.child.kill('SIGKILL');
  }
  summary.seconds = (Date.now() - start) / 1000;
  return summary;
}

export function formatSummary(s: FuzzSummary): string {
  const lines = [
    `seed ${s.seed}: ${s.casesRun} of ${s.casesPlanned} cases in ${s.seconds.toFixed(0)} s${s.stoppedByTime ? ' (stopped by --seconds)' : ''}`,
    `clean (success or typed error in every stage): ${s.clean}; decoded to an image: ${s.decoded}; failures: ${s.failures.length}`,
    `slowest case: ${s.maxCaseMs.toFixed(0)} ms; rerun after a timeout: ${s.retriedAfterTimeout}`,
    `mutations: ${JSON.stringify(s.byMutation)}`,
    `classifyBytes: ${JSON.stringify(s.stages.classify)}`,
    `decodeImage: ${JSON.stringify(s.stages.decode)}`,
    `decodeImageAsync: ${JSON.stringify(s.stages.decodeAsync)}`,
  ];
  if (s.generatorErrors.length > 0) lines.push(`fuzzer could not build ${s.generatorErrors.length} cases: ${s.generatorErrors.slice(0, 5).join(' | ')}`);
  for (const f of s.failures.slice(0, 50)) lines.push(`FAIL ${f.id} [${f.kind}] ${f.seedFile}: ${f.detail} -> ${f.reason}`);
  if (s.failures.length > 50) lines.push(`... ${s.failures.length - 50} more failures`);
  return lines.join('\n');
}
