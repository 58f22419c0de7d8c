// The production build served by `vite preview` for the benchmarks that drive headless Chromium
// (bench/triage.bench.ts, bench/long-session.bench.ts, bench/drop-to-findings.bench.ts): build once into a folder of
// bench/out, serve it on a port of its own, and name the machine's CPU for the report. `root` is the source tree to
// build and serve (default: this checkout; the before/after benchmarks pass the baseline's tree, so that each build is
// served with its own vite.config's headers and CSP).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test-support/sharedData';

export function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return line ? line.split(':')[1].trim() : 'unknown CPU';
}

/** 1-minute load average: this small machine is often shared, which inflates every timing. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
}

/**
 * Builds `root` into `dist` (`vite build --emptyOutDir`, test hooks on), unless BENCH_NO_BUILD=1 and a build is
 * already there.
 */
export function ensureBuild(dist: string, opts: { announce?: boolean; root?: string } = {}): void {
  if (existsSync(join(dist, 'index.html')) && process.env.BENCH_NO_BUILD === '1') return;
  buildApp(opts.root ?? REPO_ROOT, dist, opts.announce);
}

/** One `vite build` of the tree at `root` into `dist`, with the test hooks the benchmarks read. */
export function buildApp(root: string, dist: string, announce = false): void {
  if (announce) console.log(`building ${root} (npx vite build --outDir ${dist})...`);
  const r = spawnSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STATREAD_TEST_HOOKS: '1' },
  });
  if (r.status !== 0) throw new Error(`vite build failed in ${root}`);
}

async function answers(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(baseUrl)).ok;
  } catch {
    return false;
  }
}

/** Serves `dist` with `vite preview` (the config of `root`) on 127.0.0.1:`port`; resolves once it answers (60 s at most). */
export async function startPreview(dist: string, port: number, root = REPO_ROOT): Promise<ChildProcess> {
  const baseUrl = `http://127.0.0.1:${port}`;
  if (await answers(baseUrl)) throw new Error(`port ${port} is already in use: stop that server or choose another port (BENCH_PORT / BENCH_BASELINE_PORT)`);
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'preview', '--outDir', dist, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('vite preview exited');
    if (await answers(baseUrl)) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`vite preview did not answer on ${baseUrl}`);
}

/** Stops a preview server: SIGTERM, then SIGKILL if it has not exited within 3 s. */
export async function stopPreview(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3000));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
