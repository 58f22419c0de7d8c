// The "before" build for the before/after benchmarks (bench/drop-to-findings.bench.ts, bench/triage.bench.ts):
// a production build (test hooks on) of an older revision, made in the same run as the current one so that both are
// measured on the same machine under the same load.
//
//   BENCH_BASELINE_REV   revision to compare with (default 6f6d8eb, the last commit before the one-engine redesign);
//                        `none` turns the comparison off.
//   BENCH_REBUILD_BASELINE=1   rebuild it even when a build of that revision is already in bench/out.
//
// The revision's files are exported with `git archive` into bench/out/baseline-<rev>/ (the same files a
// `git worktree add` would check out, but without touching the repository's git state or leaving a worktree to prune),
// with node_modules symlinked to this checkout's (its dependencies are a subset of today's), and built there into
// bench/out/dist-baseline-<rev>/. Both folders are reused while they match the revision (a stamp file holds its full
// hash); bench/out is gitignored.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test-support/sharedData';
import { buildApp } from './previewServer';

export const DEFAULT_BASELINE_REV = '6f6d8eb';
const STAMP = '.statread-baseline-rev';

export interface BaselineBuild {
  /** The revision as given (BENCH_BASELINE_REV) and its full hash. */
  rev: string;
  commit: string;
  /** One line: short hash and the start of the subject. */
  describe: string;
  /** The exported source tree (vite preview runs there, with that revision's config). */
  root: string;
  dist: string;
}

/** The revision to compare with, or null when BENCH_BASELINE_REV=none. */
export function baselineRev(): string | null {
  const rev = (process.env.BENCH_BASELINE_REV ?? DEFAULT_BASELINE_REV).trim();
  return rev === '' || rev === 'none' ? null : rev;
}

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

const stampOf = (dir: string): string | null => (existsSync(join(dir, STAMP)) ? readFileSync(join(dir, STAMP), 'utf8').trim() : null);

/** Exports and builds `rev` (or reuses what is already there for it). */
export function ensureBaselineBuild(rev: string): BaselineBuild {
  const commit = git(['rev-parse', '--verify', `${rev}^{commit}`]);
  const short = commit.slice(0, 12);
  const subject = git(['log', '-1', '--format=%s', commit]);
  const describe = `${commit.slice(0, 7)} (${subject.length > 72 ? `${subject.slice(0, 71)}…` : subject})`;
  const out = join(REPO_ROOT, 'bench', 'out');
  const root = join(out, `baseline-${short}`);
  const dist = join(out, `dist-baseline-${short}`);
  if (stampOf(root) !== commit) {
    console.log(`exporting ${describe} into ${root}...`);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const tar = join(out, `baseline-${short}.tar`);
    git(['archive', '--format=tar', '-o', tar, commit]);
    const x = spawnSync('tar', ['-xf', tar, '-C', root], { stdio: 'inherit' });
    rmSync(tar, { force: true });
    if (x.status !== 0) throw new Error(`could not unpack ${tar}`);
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    writeFileSync(join(root, STAMP), `${commit}\n`);
  }
  if (stampOf(dist) !== commit || process.env.BENCH_REBUILD_BASELINE === '1') {
    buildApp(root, dist, true);
    writeFileSync(join(dist, STAMP), `${commit}\n`);
  } else {
    console.log(`reusing the baseline build of ${describe} in ${dist}`);
  }
  return { rev, commit, describe, root, dist };
}
