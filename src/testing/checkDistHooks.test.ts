// scripts/check-dist-hooks.sh on small builds laid out like dist/: it must fail on every hook name in any emitted
// text file (app chunk, worker chunk, HTML), name the file, and never pass an empty or missing folder.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test-support/sharedData';

const SCRIPT = join(REPO_ROOT, 'scripts', 'check-dist-hooks.sh');
const dirs: string[] = [];

function fakeBuild(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'statread-dist-'));
  dirs.push(dir);
  const all = { 'index.html': '<!doctype html><script type="module" src="./assets/index-abc.js"></script>', 'assets/index-abc.js': 'console.log(1)', ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function check(dir: string) {
  const r = spawnSync('bash', [SCRIPT, '--no-build', dir], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('scripts/check-dist-hooks.sh', () => {
  it('passes a build without test hooks', () => {
    const r = check(fakeBuild({ 'assets/worker-x.js': 'self.onmessage=()=>{}', 'sw.js': 'const a=1' }));
    expect(r.out).toContain('OK');
    expect(r.status).toBe(0);
  });

  it.each([
    ['assets/index-abc.js', 'window.__statreadTriage={rows(){}}'],
    ['assets/worker-x.js', 'throw Error(`injected worker crash (test hook)`)'],
    ['assets/client-y.js', 'class C{injectFault(e){}}'],
    ['index.html', '<script>window.__statread=1</script>'],
  ])('fails on %s and names it', (file, text) => {
    const r = check(fakeBuild({ [file]: text }));
    expect(r.status).toBe(1);
    expect(r.out).toContain(`${file}:`);
    expect(r.out).toContain(text.slice(0, 20));
  });

  it('does not pass an empty or missing folder', () => {
    const empty = mkdtempSync(join(tmpdir(), 'statread-dist-'));
    dirs.push(empty);
    expect(check(empty).status).toBe(2);
    expect(check(join(empty, 'absent')).status).toBe(2);
  });
});
