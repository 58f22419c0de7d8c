// `npm run fuzz -- [--cases N] [--seconds T] [--seed S] [--per-case-ms M] [--workers W] [--sweep] [--ids r1,t0:5] [--json FILE]`
// Mutates the files in ../shared/data/dicom-conformance and runs each case through the app's Node-runnable parse
// and decode code (classifyBytes, decodeImage, decodeImageAsync). Exits 1 when any case fails.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CORPUS_SUBDIR, loadCorpus } from './corpus';
import { formatSummary, runFuzz } from './harness';
import { dataPath, missingDataReason } from '../test-support/sharedData';

const USAGE = `npm run fuzz -- [options]   (details: docs/fuzz.md)
  --cases N         cases to run (default 10000)
  --seconds S       stop after S seconds (default 300)
  --seed N          seed; every case is a pure function of (seed, case id) (default 1)
  --per-case-ms MS  time limit per case, retried once at 5x before it counts as a hang (default 2000)
  --workers N       child processes (default 2)
  --heap-mb MB      V8 heap cap per child (default 512)
  --rss-mb MB       resident memory cap per child (default 1536)
  --sweep           also truncate every seed file at every structural boundary
  --json FILE       write the summary as JSON
  --ids A,B,...     replay only these case ids (r<n> random, t<file>:<boundary> sweep)`;

let parsed: ReturnType<typeof parseOptions>;
try {
  parsed = parseOptions();
} catch (e) {
  console.error(`fuzz: ${(e as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const { values } = parsed;

function parseOptions() {
  return parseArgs({
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      cases: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '300' },
      seed: { type: 'string', default: '1' },
      'per-case-ms': { type: 'string', default: '2000' },
      workers: { type: 'string', default: '2' },
      'heap-mb': { type: 'string', default: '512' },
      'rss-mb': { type: 'string', default: '1536' },
      sweep: { type: 'boolean', default: false },
      json: { type: 'string' },
      ids: { type: 'string' },
    },
  });
}

const missing = missingDataReason(CORPUS_SUBDIR);
if (missing) {
  console.error(`fuzz: ${missing}`);
  process.exit(2);
}
const corpus = loadCorpus(dataPath(CORPUS_SUBDIR));
console.log(`fuzz: ${corpus.length} seed files from ${dataPath(CORPUS_SUBDIR)}`);
let lastPrint = 0;
const summary = await runFuzz(
  {
    cases: Number(values.cases),
    seconds: Number(values.seconds),
    seed: Number(values.seed),
    perCaseMs: Number(values['per-case-ms']),
    workers: Number(values.workers),
    heapMb: Number(values['heap-mb']),
    rssMb: Number(values['rss-mb']),
    sweep: values.sweep,
    ids: values.ids ? values.ids.split(',') : undefined,
    onFailure: (f) => console.log(`FAIL ${f.id} [${f.kind}] ${f.seedFile}: ${f.detail} -> ${f.reason}`),
    onProgress: (done, total, failures) => {
      if (Date.now() - lastPrint > 10_000 || done === total) {
        lastPrint = Date.now();
        console.log(`fuzz: ${done}/${total} cases, ${failures} failures`);
      }
    },
  },
  corpus,
);
console.log(formatSummary(summary));
if (values.json) writeFileSync(values.json, JSON.stringify(summary, null, 2));
process.exit(summary.failures.length > 0 ? 1 : 0);
