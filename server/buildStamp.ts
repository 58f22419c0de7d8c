// Is dist/ the build of this source tree? A fingerprint (SHA-256 over the bytes of every build input) is written
// beside the build (dist/.statread-build.json, a dotfile: never served or precached) by the Vite plugin
// statreadBuildStamp() below; `npm start` rebuilds when it is missing, differs, or marks a test-hooks build.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const STAMP_FILE = '.statread-build.json';

/** What a production build is made from (tests excluded: changing one does not change dist/). */
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'scripts/vite', 'package-lock.json', 'tsconfig.json', 'tsconfig.app.json'];

function files(root: string, rel: string): string[] {
  const p = join(root, rel);
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [rel];
  return readdirSync(p)
    .sort()
    .flatMap((name) => files(root, join(rel, name)));
}

export function sourceFingerprint(root: string): string {
  const h = createHash('sha256');
  for (const rel of INPUTS.flatMap((i) => files(root, i))) {
    if (/\.test\.tsx?$/.test(rel)) continue;
    h.update(relative(root, join(root, rel)).split(sep).join('/'));
    h.update('\0');
    h.update(readFileSync(join(root, rel)));
    h.update('\0');
  }
  return h.digest('hex');
}

export interface BuildStamp {
  fingerprint: string;
  testHooks: boolean;
  builtAt: string;
}

export function readStamp(distDir: string): BuildStamp | null {
  try {
    return JSON.parse(readFileSync(join(distDir, STAMP_FILE), 'utf8')) as BuildStamp;
  } catch {
    return null;
  }
}

/** Why dist/ must be (re)built before serving, or null when it is the production build of this tree. */
export function staleReason(root: string, distDir: string): string | null {
  if (!existsSync(join(distDir, 'index.html'))) return `no build in ${relative(root, distDir) || distDir}`;
  const stamp = readStamp(distDir);
  if (!stamp) return 'the build has no stamp (made by another tool or an older version)';
  if (stamp.testHooks) return 'the build has the test hooks (STATREAD_TEST_HOOKS=1)';
  if (stamp.fingerprint !== sourceFingerprint(root)) return 'the source changed since the last build';
  return null;
}

export function writeStamp(root: string, distDir: string, testHooks: boolean): void {
  const stamp: BuildStamp = { fingerprint: sourceFingerprint(root), testHooks, builtAt: new Date().toISOString() };
  writeFileSync(join(distDir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
}
