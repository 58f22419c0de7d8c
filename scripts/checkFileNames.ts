// One file-name style: modules are camelCase.ts (or .mjs/.js), React components PascalCase.tsx; a suffix such as
// .test, .spec, .bench, .config or .d keeps its place after the name. Exits 1 and prints the rename map when a
// tracked or new (not ignored) source file breaks it; `npx tsx scripts/renameFiles.ts` applies that map.
// ESLint has no file-name rule among the installed plugins, so this check runs beside it in `npm run lint`.
import { execFileSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;
// Generated or vendored files that are not ours to name.
const IGNORED = [/^public\//, /^node_modules\//];
// Names fixed by a contract: the app entry, benchmark entries (their name is the `npm run bench -- <name>` argument)
// and end-to-end specs (their names are the test ids CI reports and the prefixes the README runs, e.g. e2e/ai-).
const EXEMPT = [/^src\/main\.tsx$/, /^bench\/[^/]+\.bench\.ts$/, /^e2e\/[^/]+\.spec\.ts$/];
export const SUFFIXES = /(\.(test|spec|bench|config|d))?\.(ts|tsx|js|mjs|cjs)$/;

const CAMEL = /^[a-z][a-zA-Z0-9]*$/;
const PASCAL = /^[A-Z][a-zA-Z0-9]*$/;

/** Source files git knows or would add: tracked plus untracked-but-not-ignored, minus deleted ones. */
function sourceFiles(root = REPO_ROOT): string[] {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  const deleted = new Set(git('ls-files', '--deleted'));
  return [...new Set([...git('ls-files'), ...git('ls-files', '--others', '--exclude-standard')])]
    .filter((f) => SOURCE.test(f) && !deleted.has(f) && !IGNORED.some((re) => re.test(f)))
    .sort();
}

const words = (stem: string) => stem.split(/[-_.\s]+/).filter(Boolean);
const upperFirst = (w: string) => w[0].toUpperCase() + w.slice(1);
const lowerFirst = (w: string) => w[0].toLowerCase() + w.slice(1);

/** The name a file should have, or null when it already follows the style. */
export function expectedName(path: string): string | null {
  if (EXEMPT.some((re) => re.test(path))) return null;
  const name = basename(path);
  const suffix = name.match(SUFFIXES)![0];
  const stem = name.slice(0, -suffix.length);
  const component = suffix.endsWith('.tsx');
  if ((component ? PASCAL : CAMEL).test(stem)) return null;
  const parts = words(stem);
  const fixed = component ? parts.map(upperFirst).join('') : lowerFirst(parts[0]) + parts.slice(1).map(upperFirst).join('');
  return join(dirname(path), fixed + suffix);
}

/** [{ from, to }] for every source file that breaks the style; throws when two files would get one name. */
export function renameMap(files = sourceFiles()): { from: string; to: string }[] {
  const map = files.flatMap((from) => {
    const to = expectedName(from);
    return to ? [{ from, to }] : [];
  });
  const taken = new Set(files.map((f) => f.toLowerCase()));
  for (const { from, to } of map) {
    if (taken.has(to.toLowerCase()) && to.toLowerCase() !== from.toLowerCase()) throw new Error(`${from} -> ${to}: that name is taken`);
    taken.add(to.toLowerCase());
  }
  return map;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const map = renameMap();
  if (map.length === 0) {
    console.log('file names: ok (camelCase.ts modules, PascalCase.tsx components)');
  } else {
    console.error(`file names: ${map.length} files break the style (camelCase.ts modules, PascalCase.tsx components):`);
    for (const { from, to } of map) console.error(`  ${from} -> ${basename(to)}`);
    console.error('Rename them with `npx tsx scripts/renameFiles.ts` (git mv + import specifiers and path mentions).');
    process.exitCode = 1;
  }
}
