// Applies the rename map of scripts/checkFileNames.ts: `git mv` for each file (plain rename for a file git does not
// track yet), then rewrites what points at the old names in every text file of the tree:
//   - relative specifiers in code ('./some-module', '../x/some-module.ts', new URL('./some-worker.ts', ...),
//     /// <reference path="./some-types.d.ts" />), resolved against the importing file, so only real references change;
//   - repo-relative paths anywhere (src/x/some-module.ts in docs, package.json, shell scripts, comments);
//   - bare file names with a source extension in prose and comments (some-module.ts).
// Folders keep their names, so only the last segment of a path changes. `--dry-run` prints what it would do.
// Run it on a quiet tree (nobody else editing), then `npx tsc -b`, `npm run lint` and the tests.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative } from 'node:path';
import { REPO_ROOT, SUFFIXES, renameMap } from './checkFileNames';

const dryRun = process.argv.includes('--dry-run');
const CODE = /\.(ts|tsx|js|mjs|cjs)$/;
const TEXT = /\.(ts|tsx|js|mjs|cjs|json|html|md|sh|ya?ml|css)$|^\.ci\//;
const RESOLVE_EXTENSIONS = ['', '.ts', '.tsx', '.mjs', '.js', '/index.ts', '/index.tsx'];

const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const map = renameMap();
if (map.length === 0) {
  console.log('file names: nothing to rename');
  process.exit(0);
}
const byOld = new Map(map.map(({ from, to }) => [from, to]));
const tracked = new Set(git('ls-files').split('\n').filter(Boolean));
const textFiles = [...new Set([...tracked, ...git('ls-files', '--others', '--exclude-standard').split('\n').filter(Boolean)])].filter(
  (f) => TEXT.test(f) && !f.startsWith('public/models/') && f !== 'package-lock.json' && existsSync(join(REPO_ROOT, f)),
);

/** The renamed target of a relative specifier written in `fromFile`, or null. */
function renamedTarget(fromFile: string, spec: string): { from: string; to: string } | null {
  const bare = spec.split('?')[0];
  const base = posix.normalize(posix.join(posix.dirname(fromFile), bare));
  for (const ext of RESOLVE_EXTENSIONS) {
    const candidate = base + ext;
    const to = byOld.get(candidate);
    if (to) return { from: candidate, to };
    const abs = join(REPO_ROOT, candidate);
    if (existsSync(abs) && statSync(abs).isFile()) return null;
  }
  return null;
}

/** Rewrites the last segment of a specifier to the new file name, keeping whether it spelled the extension. */
function rewriteSpecifier(spec: string, target: { from: string; to: string }): string {
  const [bare, query] = spec.split(/(?=\?)/);
  const oldName = basename(target.from);
  const newName = basename(target.to);
  const lastSegment = bare.slice(bare.lastIndexOf('/') + 1);
  const withExt = lastSegment === oldName;
  const stem = (n: string) => n.replace(/\.(ts|tsx|mjs|js)$/, '');
  const next = bare.slice(0, bare.length - lastSegment.length) + (withExt ? newName : stem(newName));
  return next + (query ?? '');
}

// Repo-relative paths without suffix (e2e/ai-gate matches e2e/ai-gate.spec.ts and a Playwright filter) and bare
// names with an extension.
const stemPath = (p: string) => p.replace(SUFFIXES, '');
const pathRules = [...new Map(map.map(({ from, to }) => [stemPath(from), stemPath(to)])).entries()].map(([from, to]) => ({
  re: new RegExp(`(?<![\\w.-])${escape(from)}(?![\\w-])`, 'g'),
  to,
}));
const nameRules = [...new Map(map.map(({ from, to }) => [basename(from), basename(to)])).entries()]
  .filter(([oldName]) => !oldName.endsWith('.js')) // an emitted .js name (dist/sw.js, chunks) is not a source name
  .map(([oldName, newName]) => ({ re: new RegExp(`(?<![\\w.-])${escape(oldName)}(?![\\w])`, 'g'), to: newName }));

let changedFiles = 0;
const contents = new Map();
for (const file of textFiles) {
  const before = readFileSync(join(REPO_ROOT, file), 'utf8');
  let text = before;
  if (CODE.test(file)) {
    text = text.replace(/(['"`])(\.\.?\/[^'"`\n]*)\1/g, (whole: string, quote: string, spec: string) => {
      const target = renamedTarget(file, spec);
      return target ? quote + rewriteSpecifier(spec, target) + quote : whole;
    });
  }
  for (const { re, to } of pathRules) text = text.replace(re, to);
  for (const { re, to } of nameRules) text = text.replace(re, to);
  if (text !== before) {
    changedFiles++;
    contents.set(file, text);
  }
}

for (const [file, text] of contents) {
  if (dryRun) console.log(`edit ${file}`);
  else writeFileSync(join(REPO_ROOT, file), text);
}
for (const { from, to } of map) {
  if (dryRun) {
    console.log(`mv   ${from} -> ${relative(dirname(from), to)}`);
    continue;
  }
  if (tracked.has(from)) git('mv', from, to);
  else renameSync(join(REPO_ROOT, from), join(REPO_ROOT, to));
}
console.log(`${dryRun ? 'would rename' : 'renamed'} ${map.length} files and ${dryRun ? 'edit' : 'edited'} ${changedFiles} files`);
