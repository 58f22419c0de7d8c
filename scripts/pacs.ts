// `npm run pacs [-- [--port N] [--storage DIR] [FOLDER...]]`: a local Orthanc for demos, loaded with the chest
// radiographs in ../shared/data/dicom-cxr (and any folder given). StatRead's dev/preview server proxies
// /dicomweb to it (STATREAD_PACS_URL, default http://127.0.0.1:8042), so PACS → Search works at once.
// Ctrl-C stops it (a temporary storage folder is removed; --storage keeps the studies between runs).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOrthanc, listFiles, startOrthanc, uploadFiles } from './pacsOrthanc';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = resolve(process.env.STATREAD_DATA ?? join(ROOT, '..', 'shared', 'data'));

function usage(): never {
  console.log(`usage: npm run pacs -- [--port N] [--storage DIR] [FOLDER_OR_FILE...]
  Starts Orthanc (DICOMweb at /dicom-web) on 127.0.0.1:N (default 8042, or $STATREAD_PACS_PORT) and uploads
  ${join(DATA, 'dicom-cxr')} plus every DICOM file under the folders given. Ctrl-C stops it.`);
  process.exit(0);
}

function parseArgs(argv: string[]): { port: number; storage?: string; inputs: string[] } {
  let port = Number(process.env.STATREAD_PACS_PORT ?? 8042);
  let storage: string | undefined;
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') usage();
    else if (a === '--port') port = Number(argv[++i]);
    else if (a === '--storage') storage = resolve(argv[++i]);
    else inputs.push(resolve(a));
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`bad --port ${port}`);
  return { port, storage, inputs };
}

function ensureInstalled(): void {
  if (typeof findOrthanc() !== 'string') return;
  if (process.getuid?.() === 0) {
    console.log('Orthanc is not installed; installing it with apt-get (scripts/ensure-orthanc.sh)…');
    spawnSync('bash', [join(ROOT, 'scripts', 'ensure-orthanc.sh')], { stdio: 'inherit', env: { ...process.env, CI: '1' } });
  }
  const still = findOrthanc();
  if (typeof still === 'string') {
    console.error(`npm run pacs: ${still}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const { port, storage, inputs } = parseArgs(process.argv.slice(2));
  ensureInstalled();
  const defaultFolder = join(DATA, 'dicom-cxr');
  const sources = [...(existsSync(defaultFolder) ? [defaultFolder] : []), ...inputs];
  if (!existsSync(defaultFolder)) console.warn(`(no ${defaultFolder}: set STATREAD_DATA or give folders to load)`);
  const files = sources.flatMap((p) => {
    if (!existsSync(p)) throw new Error(`no such file or folder: ${p}`);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
  const orthanc = await startOrthanc({ httpPort: port, storageDir: storage, name: 'StatReadDemo' });
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Orthanc…');
    await orthanc.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  orthanc.process.on('exit', (c) => {
    if (!stopping) {
      console.error(`Orthanc exited (${c}); its log was in ${orthanc.runDir}/orthanc.log`);
      process.exit(1);
    }
  });
  const results = await uploadFiles(orthanc.url, files, orthanc.authHeader);
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const rejected = results.filter((r) => r.status === 'rejected');
  console.log(
    `Loaded ${files.length} file(s) from ${sources.join(', ') || '(nothing)'}: ${count('stored')} stored, ${count('already-stored')} already there (same SOP Instance UID), ${rejected.length} not accepted.`,
  );
  for (const r of rejected.slice(0, 10)) console.log(`  not accepted: ${r.file}: ${r.detail}`);
  if (rejected.length > 10) console.log(`  … and ${rejected.length - 10} more`);
  const studies = (await (await fetch(`${orthanc.url}/studies`, { headers: orthanc.authHeader })).json()) as string[];
  console.log(`
Orthanc ${orthanc.url} (${studies.length} studies; storage ${storage ?? 'temporary'})
  DICOMweb:          ${orthanc.dicomWebUrl}
  Orthanc Explorer:  ${orthanc.url}/app/explorer.html
StatRead: ${port === 8042 ? 'npm start' : `STATREAD_PACS_URL=${orthanc.url} npm start`}  then PACS → Search (the dev server proxies /dicomweb here).
Press Ctrl-C to stop.`);
}

main().catch((e) => {
  console.error(`npm run pacs: ${(e as Error).message}`);
  process.exit(1);
});
