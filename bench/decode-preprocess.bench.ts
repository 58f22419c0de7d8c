// Cost of the shared image path (src/model) in Node: decodeImage (bytes -> grey levels) and preprocess
// (fit -> area-average to 64 -> bilinear to the input size -> normalise -> replicate) for the images users open.
// Same code runs in the browser worker (bit-identical, src/model/browserParity.test.ts). Writes
// bench/out/decode-preprocess.md.
//   npx tsx bench/decode-preprocess.bench.ts [--runs 5]
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { decodeImage } from '../src/model/decodeImage';
import type { PreprocessSpec } from '../src/model/manifest';
import { preprocess } from '../src/model/preprocess';
import { REPO_ROOT, dataPath } from '../test-support/sharedData';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const runs = Number(values.runs ?? 5);
const spec: PreprocessSpec = { canonicalSize: 64, inputSize: 128, channels: 3, scale: 2, offset: -1, fit: 'stretch' };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(label: string, path: string) {
  const bytes = readFileSync(path);
  const name = path.split('/').pop() as string;
  const img = decodeImage(bytes, name); // warm-up
  preprocess(img, spec);
  const dec: number[] = [];
  const pre: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const g = decodeImage(bytes, name);
    const t1 = performance.now();
    preprocess(g, spec);
    dec.push(t1 - t0);
    pre.push(performance.now() - t1);
  }
  return `| ${label} | ${img.width}x${img.height} | ${(bytes.length / 1e6).toFixed(2)} | ${median(dec).toFixed(1)} | ${median(pre).toFixed(1)} | ${(median(dec) + median(pre)).toFixed(1)} |`;
}

async function main(): Promise<void> {
  const cr2500 = join(REPO_ROOT, 'bench/out/fixtures/cr-2500-uncompressed.dcm');
  if (!existsSync(cr2500)) execFileSync('npx', ['tsx', join(REPO_ROOT, 'bench/fixtures/makeCr2500.ts')], { stdio: 'inherit', cwd: REPO_ROOT });
  const rows = [
    measure('PNG 8-bit (cxr-fullres)', dataPath('cxr-fullres', '00000001_000.png')),
    measure('DICOM CR, JPEG baseline 8-bit (dicom-cxr)', dataPath('dicom-cxr', 'siim-cr-chest-jpeg-baseline.dcm')),
    measure('DICOM CR 12-bit, uncompressed (bench fixture)', cr2500),
    measure('PNG 64 px (nih-cxr14-64, training size)', dataPath('nih-cxr14-64', 'images', '00000001_000.png')),
  ];
  const md = [
    '## Shared decode + preprocessing (src/model) in Node',
    '',
    `\`npx tsx bench/decode-preprocess.bench.ts --runs ${runs}\`: median of ${runs} runs after one warm-up, Node ${process.version}, one thread. ` +
      `preprocess = fit (stretch) -> area average to ${spec.canonicalSize} px -> bilinear to ${spec.inputSize} px -> x*2-1 -> 3 channels.`,
    '',
    '| image | size | file (MB) | decode (ms) | preprocess (ms) | total (ms) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  await mkdir(join(REPO_ROOT, 'bench/out'), { recursive: true });
  await writeFile(join(REPO_ROOT, 'bench/out/decode-preprocess.md'), md);
  console.log(md);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
