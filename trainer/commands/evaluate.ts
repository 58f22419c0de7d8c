// `npm run trainer -- evaluate --model DIR --data DIR [--out FILE]`: one JSON object on stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { BACKEND_CHOICES, describeBackend, initBackend, parseBackendChoice } from '../backend/initBackend';
import { readDataset } from '../data/readDataset';
import type { UncertainPolicy } from '../data/chexpert';
import { patientDisjointSplit } from '../data/split';
import { buildReport } from '../metrics/evaluationReport';
import type { CiMethod } from '../metrics/evaluationReport';
import { loadCxrModelDir } from '../metrics/modelDir';
import { percentile } from '../../src/model/ood';
import { rocSvg } from '../metrics/rocCurve';
import { boxCases, localisation, readBoxes } from '../metrics/localisation';
import { findingLabels } from '../../src/model/cxrModel';
import { scoreSamples } from '../metrics/scoreDataset';
import { Progress } from '../train/progress';

const help = `Usage: npm run trainer -- evaluate --model DIR --data DIR [options]

Scores every image of a labelled data set with a chest model folder (manifest.json + model.json, as exported by
train) through the same decode + preprocessing code the browser uses, and prints ONE JSON object on stdout:

  {"n": N,
   "findings": {"<Finding>": {"auc": x, "ci95": [lo, hi], "positives": p, "negatives": q,
                "threshold": t, "thresholdSource": "manifest", "sensitivity": ..., "specificity": ...,
                "ppv": ..., "npv": ..., "sensitivityCi95": [..], ..., "tp", "fp", "tn", "fn", "ece": ..., "brier": ...}, ...},
   "abnormal": {same fields, "any finding" vs "No Finding", "score": "model output" (the model's any-finding output
                at manifest.abnormal's operating point) or "max finding probability" (older models)},
   "localisation": {...} (with --boxes: pointing game and energy inside the radiologist boxes, with baselines),
   "ciMethod": "delong", "model": {...}, "data": {...}, "ood": {...}, "skipped": [...], "rocCurves": [...]}

AUC: Mann-Whitney (ties count one half). 95% CI: DeLong (default) or a seeded stratified bootstrap (--ci bootstrap).
Sensitivity/specificity/PPV/NPV at the manifest's operating points, with Wilson 95% intervals (a finding without
an operating point in the manifest gets a Youden threshold chosen on this data, marked "youden-on-this-data").
ECE: 10 equal-width probability bins. NaN (no positives or negatives) prints as null.

Options:
  --model DIR          chest model folder (manifest.json)                                   (required)
  --data DIR           labelled data: NIH (Data_Entry_2017*.csv), CheXpert, SIIM-ACR or folder-per-class (required)
  --boxes FILE         radiologist boxes (NIH BBox_List_2017.csv): for every scored image with a box, the heatmap of
                       the boxed finding (whatever its probability) against the boxes: pointing game (peak inside a
                       box) and share of the map inside, next to the image-centre and uniform-map baselines
  --out FILE           also write the report (pretty JSON) to FILE; ROC SVGs go to FILE's folder, <name>-roc/
  --roc-dir DIR        write ROC SVGs here (one per finding, roc-abnormal.svg, roc-all.svg)
  --split WHICH        all | validation | train: the patient-disjoint split of --data (default all)
  --val-fraction F     validation fraction for --split (default 0.2, as train)
  --holdout DIR        patients of this data set are moved from train to validation, as train --holdout does
                       (repeatable; give the same ones as the training command to reproduce its validation split)
  --seed N             split seed (default 42, as train) and bootstrap seed
  --ci METHOD          delong | bootstrap (default delong)
  --uncertain POLICY   CheXpert -1 labels: default (U-Ones for Atelectasis/Edema, U-Zeros otherwise) | ones | zeros | ignore
  --batch-size N       images per forward pass (default 16)
  --limit N            only the first N images (quick checks)
  --backend NAME       ${BACKEND_CHOICES.join('|')} (default auto; printed on stderr)
  --no-progress        no progress bar on stderr
  -h, --help           this text

Example:
  npm run trainer -- evaluate --model public/models/cxr-mobilenet-v2 --data ../shared/data/cxr-fullres --out trainer/runs/eval-fullres.json`;

const command: Command = {
  name: 'evaluate',
  help,
  async run(argv) {
    let v: Record<string, string | boolean | string[] | undefined>;
    try {
      v = parseArgs({
        args: argv,
        options: {
          model: { type: 'string' },
          data: { type: 'string' },
          out: { type: 'string' },
          boxes: { type: 'string' },
          'roc-dir': { type: 'string' },
          split: { type: 'string', default: 'all' },
          'val-fraction': { type: 'string', default: '0.2' },
          holdout: { type: 'string', multiple: true },
          seed: { type: 'string', default: '42' },
          ci: { type: 'string', default: 'delong' },
          uncertain: { type: 'string', default: 'default' },
          'batch-size': { type: 'string', default: '16' },
          limit: { type: 'string' },
          backend: { type: 'string', default: 'auto' },
          'no-progress': { type: 'boolean', default: false },
        },
        strict: true,
      }).values;
    } catch (err) {
      console.error(`evaluate: ${(err as Error).message}\n\n${help}`);
      return 2;
    }
    if (!v.model || !v.data) {
      console.error(`evaluate: --model and --data are required\n\n${help}`);
      return 2;
    }
    const split = String(v.split);
    const ci = String(v.ci) as CiMethod;
    const uncertain = String(v.uncertain) as UncertainPolicy;
    if (
      !['all', 'validation', 'train'].includes(split) ||
      !['delong', 'bootstrap'].includes(ci) ||
      !['default', 'ones', 'zeros', 'ignore'].includes(uncertain)
    ) {
      console.error(`evaluate: bad --split, --ci or --uncertain value\n\n${help}`);
      return 2;
    }
    const seed = Number(v.seed);
    const backend = await initBackend(parseBackendChoice(String(v.backend)));
    console.error(describeBackend(backend));

    const ds = readDataset(resolve(String(v.data)), { chexpert: { uncertain } });
    for (const w of ds.warnings) console.error(`data: ${w}`);
    let samples = ds.samples;
    if (split !== 'all') {
      const s = patientDisjointSplit(samples, { validationFraction: Number(v['val-fraction']), seed, labels: ds.labels });
      const held = new Set<string>();
      for (const dir of (v.holdout as string[] | undefined) ?? []) for (const h of readDataset(resolve(dir)).samples) held.add(h.patientId);
      const validation = [...s.validation, ...s.train.filter((x) => held.has(x.patientId))];
      samples = split === 'validation' ? validation : s.train.filter((x) => !held.has(x.patientId));
    }
    if (v.limit) samples = samples.slice(0, Number(v.limit));
    const model = await loadCxrModelDir(resolve(String(v.model)));
    const m = model.manifest;
    const labels = findingLabels(m).filter((l) => ds.labels.includes(l));
    const notInData = findingLabels(m).filter((l) => !ds.labels.includes(l));
    if (labels.length === 0) {
      console.error(`evaluate: none of the model's labels (${m.labels.join(', ')}) is annotated in ${v.data}`);
      return 1;
    }
    if (notInData.length) console.error(`evaluate: not annotated in this data, left out: ${notInData.join(', ')}`);

    const progress = new Progress('evaluate', samples.length, !v['no-progress']);
    const boxes = v.boxes ? readBoxes(resolve(String(v.boxes))) : [];
    const boxedLabels = new Map<string, string[]>();
    for (const b of boxes) if (m.labels.includes(b.label)) boxedLabels.set(b.imageId, [...new Set([...(boxedLabels.get(b.imageId) ?? []), b.label])]);
    const { scored, skipped } = await scoreSamples(model, samples, {
      batchSize: Number(v['batch-size']),
      onProgress: (d) => progress.update(d),
      maps: (s) => boxedLabels.get(basename(s.path)) ?? boxedLabels.get(s.id) ?? [],
    });
    progress.stop();
    for (const s of skipped) console.error(`skipped ${s.reason}`);

    const { report, curves } = buildReport(
      scored.map((s) => ({ labels: s.sample.labels, noFinding: s.sample.noFinding, probabilities: s.probabilities })),
      { labels, operatingPoints: m.operatingPoints, ci, seed, ...(m.abnormal ? { abnormalOutput: m.abnormal } : {}) },
    );
    let loc: ReturnType<typeof localisation> | undefined;
    if (v.boxes) {
      const byImage = new Map(scored.map((s) => [basename(s.sample.path), s]));
      const cases = boxCases(boxes, new Set(byImage.keys())).flatMap((c) => {
        const mp = byImage.get(c.imageId)!.maps?.[c.label];
        return mp ? [{ ...c, map: { map: mp.data, width: mp.width, height: mp.height } }] : [];
      });
      loc = localisation(cases);
      console.error(`boxes: ${loc.cases} boxed findings on ${loc.images} scored images`);
    }
    const distances = scored.map((s) => s.oodDistance);
    const rocDir = v['roc-dir']
      ? resolve(String(v['roc-dir']))
      : v.out
        ? join(dirname(resolve(String(v.out))), `${basename(String(v.out)).replace(/\.json$/i, '')}-roc`)
        : undefined;
    const rocCurves: string[] = [];
    if (rocDir) {
      mkdirSync(rocDir, { recursive: true });
      const title = `${m.id} ${m.version} on ${basename(resolve(String(v.data)))} (n=${report.n})`;
      const write = (name: string, svg: string) => {
        const p = join(rocDir, name);
        writeFileSync(p, svg);
        rocCurves.push(p);
      };
      for (const l of labels) {
        if (report.findings[l].positives && report.findings[l].negatives)
          write(`roc-${l.replace(/[^A-Za-z0-9_-]+/g, '_')}.svg`, rocSvg([curves[l]], `${l}: ${title}`));
      }
      if (report.abnormal.positives && report.abnormal.negatives) write('roc-abnormal.svg', rocSvg([curves.abnormal], `Any finding vs No Finding: ${title}`));
      const all = labels.filter((l) => report.findings[l].positives && report.findings[l].negatives).map((l) => curves[l]);
      if (all.length) write('roc-all.svg', rocSvg(all, title));
    }
    const full = {
      ...report,
      model: { id: m.id, version: m.version, dir: resolve(String(v.model)) },
      data: {
        dir: resolve(String(v.data)),
        layout: ds.layout,
        split,
        seed,
        holdout: (v.holdout as string[] | undefined) ?? [],
        images: samples.length,
        scored: scored.length,
      },
      backend: backend.name,
      ood: {
        threshold: m.ood.threshold,
        outOfDistribution: scored.filter((s) => s.outOfDistribution).length,
        distance: { p50: percentile(distances, 50), p95: percentile(distances, 95), max: percentile(distances, 100) },
      },
      ...(loc ? { localisation: loc } : {}),
      skipped,
      rocCurves,
    };
    const json = JSON.stringify(full);
    if (v.out) {
      mkdirSync(dirname(resolve(String(v.out))), { recursive: true });
      writeFileSync(resolve(String(v.out)), JSON.stringify(full, null, 2) + '\n');
    }
    console.log(json);
    model.dispose();
    return scored.length > 0 ? 0 : 1;
  },
};
export default command;
