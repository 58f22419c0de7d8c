// The production build served by `vite preview` for the benchmarks that drive headless Chromium
// (bench/triage.bench.ts, bench/long-session.bench.ts): build once into a folder of bench/out, serve it on a port
// of its own, and name the machine's CPU for the report.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test-support/shared-data';

export function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
  return line ? line.split(':')[1].trim() : 'unknown CPU';
}

/** Builds the app into `dist` (`vite build --emptyOutDir`), unless BENCH_NO_BUILD=1 and a build is already there. */
export function ensureBuild(dist: string, opts: { announce?: boolean } = {}): void {
  if (existsSync(join(dist, 'index.html')) && process.env.BENCH_NO_BUILD === '1') return;
  if (opts.announce) console.log(`building the app (npx vite build --outDir ${dist})...`);
  const r = spawnSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir'], { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, STATREAD_TEST_HOOKS: '1' } });
  if (r.status !== 0) throw new Error('vite build failed');
}

async function answers(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(baseUrl)).ok;
  } catch {
    return false;
  }
}

/** Serves `dist` with `vite preview` on 127.0.0.1:`port` and resolves once it answers (60 s at most). */
export async function startPreview(dist: string, port: number): Promise<ChildProcess> {
  const baseUrl = `http://127.0.0.1:${port}`;
  if (await answers(baseUrl)) throw new Error(`port ${port} is already in use: stop that server or set BENCH_PORT`);
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'preview', '--outDir', dist, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: REPO_ROOT, stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('vite preview exited');
    if (await answers(baseUrl)) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`vite preview did not answer on ${baseUrl}`);
}
