// `npm start` rebuilds exactly when dist/ is not the production build of the tree (server/buildStamp.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleReason, writeStamp } from './buildStamp';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function tree(): { root: string; dist: string } {
  root = mkdtempSync(join(tmpdir(), 'statread-stamp-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'main.tsx'), 'one');
  writeFileSync(join(root, 'index.html'), '<html>');
  const dist = join(root, 'dist');
  mkdirSync(dist);
  return { root, dist };
}

describe('build stamp', () => {
  it('asks for a build when there is none, or it is unstamped, or has the test hooks', () => {
    const { root, dist } = tree();
    expect(staleReason(root, dist)).toMatch(/no build/);
    writeFileSync(join(dist, 'index.html'), '<html>');
    expect(staleReason(root, dist)).toMatch(/no stamp/);
    writeStamp(root, dist, true);
    expect(staleReason(root, dist)).toMatch(/test hooks/);
  });

  it('is fresh after a build, stale after a source edit, and not after a test edit', () => {
    const { root, dist } = tree();
    writeFileSync(join(dist, 'index.html'), '<html>');
    writeStamp(root, dist, false);
    expect(staleReason(root, dist)).toBeNull();
    writeFileSync(join(root, 'src', 'main.test.ts'), 'a test');
    expect(staleReason(root, dist)).toBeNull();
    writeFileSync(join(root, 'src', 'main.tsx'), 'two');
    expect(staleReason(root, dist)).toMatch(/source changed/);
  });
});
