// The staged transfer-learning run behind `npm run trainer -- train` (Rajkomar et al. 2017):
//   1. ImageNet weights as imported (import-backbone),
//   2. greyscale adaptation: none | fold | distill (trainer/greyscale),
//   3. radiographs: head on cached pooled features, then optionally fine-tuning of the top N blocks,
// then export (model + manifest + model card + index entry). Everything random is seeded by `seed`.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelManifest, OodStats, PreprocessSpec } from '../../src/model/manifest';
import { fitOodStats, oodDistance } from '../../src/model/ood';
import type { GreyPlane } from '../../src/model/preprocess';
import { describeBackend, initBackend, type BackendChoice } from '../backend/initBackend';
import { writeModelCard, type ModelCardInput } from '../export/modelCard';
import { updateModelIndex } from '../export/modelIndex';
import { chooseOperatingPoint, type OperatingPointMetrics } from '../metrics/operatingPoint';
import type { WeightQuantization } from '../export/quantize';
import { saveModel, type SavedModelInfo } from '../export/saveModel';
import { distillGreyscale, type DistillResult } from '../greyscale/distill';
import { foldKernel } from '../greyscale/fold';
import { decodeImageFile } from '../imagenet/decodeImage';
import { hasBackboneInfo, readBackboneInfo } from '../imagenet/backboneInfo';
import { loadLayersModelFrom } from '../io/fileIo';
import { NO_AUGMENT, type AugmentOptions } from './augment';
import { loadLabeledSet, splitByPatient, type LabeledImage } from './dataset';
import { abnormalData, binaryColumn, evaluateProbs, type EvalSummary } from './evaluation';
import { crossValidateHead, type CvResult } from './crossValidation';
import { decideAbnormal, decideFinding, type AbnormalDecision, type FindingDecision } from './validationRules';
import { boxCases, localisation, readBoxes, type LocalisationReport } from '../metrics/localisation';
import { classActivationMap, normaliseCam, upsampleCam } from '../../src/model/cam';
import { MODEL_LABELS_FOR, RADIOLOGIST_FINDINGS, readRadiologistLabels } from '../data/radiologistLabels';
import { rocAuc, type AucResult } from '../metrics/auc';
import { cachedFeatures, extractFeatures, ExtractionInterrupted } from './featureCache';
import { fineTune, predictProbs, type FineTuneResult } from './fineTune';
import { trainHead, type FeatureSet, type HeadResult } from './head';
import { batchTensor, loadAllCanonical } from './images';
import type { Interrupt } from './interrupt';
import { JsonlLog } from './jsonlLog';
import type { LossKind } from './loss';
import { attachHead, buildTrunk, countParams, findFeatureLayer, HEAD_LAYER } from './network';

export type GreyMode = 'none' | 'fold' | 'distill';

export interface TrainConfig {
  data: string;
  backbone: string;
  out: string | null;
  id: string | null;
  version: string;
  work: string | null;
  backend: BackendChoice;
  inputSize: number;
  canonicalSize: number;
  fit: PreprocessSpec['fit'];
  grey: GreyMode;
  natural: string | null;
  distillDepth: number;
  distillSize: number;
  distillEpochs: number;
  distillCrops: number;
  distillLr: number;
  ablation: boolean;
  /** K-fold patient-disjoint cross-validation of the head stage over all images (0 = off). */
  cv: number;
  valFraction: number;
  holdout: string[];
  seed: number;
  epochs: number;
  batchSize: number;
  lr: number;
  l2: number;
  patience: number;
  loss: LossKind;
  augCopies: number;
  augment: AugmentOptions;
  unfreeze: number;
  ftEpochs: number;
  ftBatchSize: number;
  ftLr: number;
  quantize: WeightQuantization;
  /** Critical candidates (with cv > 1 only those validated with skill become critical). */
  critical: string[];
  targetSensitivity: number;
  /** Train an "any finding" output (label ABNORMAL_LABEL) beside the findings. */
  abnormalOutput: boolean;
  abnormalSensitivity: number;
  /** BBox_List_2017.csv for the heatmap localisation measures (needs cv > 1). */
  boxes: string | null;
  /** google2019_nih-chest-xray-labels.csv: out-of-fold AUCs against radiologist labels (needs cv > 1). */
  radiologistLabels: string | null;
  evalSets: string[];
  oodDirs: string[];
  oodPercentile: number;
  oodComponents: number;
  resume: boolean;
  progress: boolean;
  makeDefault: boolean;
  index: string;
  /** Limit the number of images (tests). */
  limit: number | null;
  /** The command line that reproduces this run (for the manifest and model card). */
  command: string;
}

export interface AblationRow {
  grey: GreyMode;
  channels: 1 | 3;
  valMeanAuc: number;
  pneumothoraxAuc: number | null;
  epochs: number;
  note: string;
}

/** The head output trained on "any finding" (not No Finding) beside the findings, when cfg.abnormalOutput. */
export const ABNORMAL_LABEL = 'Abnormal';

/** Appends the any-finding target (1 any finding, 0 No Finding, -1 unknown) to an image's label vector. */
function withAbnormal(it: LabeledImage): LabeledImage {
  return { ...it, y: [...it.y, it.noFinding === undefined ? -1 : it.noFinding ? 0 : 1] };
}

export interface CvSummary {
  /** Distinct patients with a positive image, per label. */
  positivePatients: Record<string, number>;
  k: number;
  epochs: number;
  n: number;
  patients: number;
  summary: EvalSummary;
  /** Operating-point decisions on the out-of-fold scores (validationRules.ts), one per finding. */
  decisions: FindingDecision[];
  abnormal: AbnormalDecision | null;
  /** Chest films refused by the OOD gate when its statistics are fitted without their patients (see cvOodRate). */
  oodRefused: { refused: number; n: number };
  localisation: LocalisationReport | null;
  /** Out-of-fold scores against radiologist-adjudicated labels (cfg.radiologistLabels), where they cover images. */
  radiologist: RadiologistRow[];
}

export interface RadiologistRow {
  finding: string;
  modelLabels: string[];
  n: number;
  auc: AucResult;
}

export interface TrainOutcome {
  interrupted: boolean;
  outDir: string | null;
  workDir: string;
  manifest: ModelManifest | null;
  head: HeadResult | null;
  fineTune: FineTuneResult | null;
  distill: DistillResult | null;
  ablation: AblationRow[];
  saved: SavedModelInfo | null;
  timings: Record<string, number>;
  validation: EvalSummary | null;
  cv: CvSummary | null;
  extraEvals: { name: string; summary: EvalSummary; ood: OodCheck }[];
}

export interface OodCheck {
  set: string;
  n: number;
  flagged: number;
  /** Files that could not be decoded (left out of n). */
  failed?: number;
  distances: { id: string; distance: number; outOfDistribution: boolean }[];
}

const PNEUMOTHORAX = 'Pneumothorax';

function log(msg: string): void {
  console.error(msg);
}

/** The images of a folder (not recursive), or the file itself. */
function listImages(dir: string): string[] {
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir)
    .filter((f) => /\.(bmp|png|jpe?g|dcm)$/i.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function labelMatrix(items: LabeledImage[], k: number): Float32Array {
  const y = new Float32Array(items.length * k);
  items.forEach((it, i) => it.y.forEach((v, j) => (y[i * k + j] = v)));
  return y;
}

/** Feature rows for the head: all views of the training images, labels repeated per view. */
function trainFeatureSet(x: Float32Array, views: number, n: number, c: number, y: Float32Array, k: number): FeatureSet {
  const yy = new Float32Array(views * n * k);
  for (let v = 0; v < views; v++) yy.set(y, v * n * k);
  return { x, y: yy, n: views * n, c, k };
}

async function pooledOf(trunk: tf.LayersModel, planes: GreyPlane[], spec: PreprocessSpec): Promise<Float32Array[]> {
  const { x, c } = await extractFeatures(trunk, planes, spec, { batchSize: 32 });
  return planes.map((_, i) => x.subarray(i * c, (i + 1) * c));
}

export async function runTraining(cfg: TrainConfig, interrupt: Interrupt | null): Promise<TrainOutcome> {
  try {
    return await runStages(cfg, interrupt);
  } catch (err) {
    if (err instanceof ExtractionInterrupted) {
      log('Interrupted during feature extraction: nothing to checkpoint (features are cached only when complete).');
      return emptyOutcome(true, resolve(cfg.work ?? join('trainer', 'runs', cfg.id ?? `cxr-mobilenet-${cfg.grey}-${cfg.inputSize}`)), {});
    }
    throw err;
  }
}

async function runStages(cfg: TrainConfig, interrupt: Interrupt | null): Promise<TrainOutcome> {
  const timings: Record<string, number> = {};
  const tStart = Date.now();
  const shouldStop = (): boolean => !!interrupt?.requested;
  const mark = (name: string, t0: number): void => {
    timings[name] = (Date.now() - t0) / 1000;
  };

  const backend = await initBackend(cfg.backend);
  log(describeBackend(backend));

  // ---- data -------------------------------------------------------------------------------------------------
  let t0 = Date.now();
  const set = await loadLabeledSet(cfg.data);
  const findingList = set.labels;
  // The any-finding output is one more head unit; everything below (head, CV, fine-tuning) treats it as a label.
  const labels = cfg.abnormalOutput ? [...findingList, ABNORMAL_LABEL] : findingList;
  const abnIdx = cfg.abnormalOutput ? labels.length - 1 : -1;
  const k = labels.length;
  let items = cfg.abnormalOutput ? set.items.map(withAbnormal) : set.items;
  if (cfg.limit) items = items.slice(0, cfg.limit);
  let { train, val } = splitByPatient(items, cfg.valFraction, cfg.seed, findingList);
  const heldPatients = new Set<string>();
  for (const dir of cfg.holdout) for (const it of (await loadLabeledSet(dir)).items) heldPatients.add(it.patientId);
  if (heldPatients.size) {
    const moved = train.filter((it) => heldPatients.has(it.patientId));
    train = train.filter((it) => !heldPatients.has(it.patientId));
    val = [...val, ...moved];
    log(`holdout: ${moved.length} training images of ${heldPatients.size} patients in ${cfg.holdout.join(', ')} moved to validation`);
  }
  const trainPatients = new Set(train.map((i) => i.patientId));
  if (val.some((i) => trainPatients.has(i.patientId))) throw new Error('internal: train/validation split is not patient-disjoint');
  log(
    `data: ${items.length} images (${train.length} train / ${val.length} validation, ${trainPatients.size} / ${new Set(val.map((i) => i.patientId)).size} patients), ${k} labels`,
  );

  const id = cfg.id ?? `cxr-mobilenet-${cfg.grey}-${cfg.inputSize}`;
  const workDir = resolve(cfg.work ?? join('trainer', 'runs', id));
  mkdirSync(workDir, { recursive: true });
  const jl = new JsonlLog(join(workDir, 'train-log.jsonl'));
  jl.write({ kind: 'start', id, command: cfg.command, backend: backend.name, config: { ...cfg, command: undefined } });

  // ---- stage 1: ImageNet backbone ---------------------------------------------------------------------------
  const backbone = await loadLayersModelFrom(cfg.backbone);
  const info = hasBackboneInfo(cfg.backbone) ? await readBackboneInfo(cfg.backbone) : null;
  const featureLayer = info?.featureLayer ?? findFeatureLayer(backbone);
  const [lo, hi] = info?.inputRange ?? [-1, 1];
  const channelsOf = (g: GreyMode): 1 | 3 => (g === 'none' ? 3 : 1);
  const specFor = (g: GreyMode): PreprocessSpec => ({
    canonicalSize: cfg.canonicalSize,
    inputSize: cfg.inputSize,
    channels: channelsOf(g),
    scale: hi - lo,
    offset: lo,
    fit: cfg.fit,
  });
  const spec = specFor(cfg.grey);
  log(`backbone: ${info?.name ?? cfg.backbone} (${countParams(backbone)} parameters), feature layer ${featureLayer}, input range [${lo}, ${hi}]`);

  const allPlanes = await loadAllCanonical(
    [...train, ...val].map((i) => i.path),
    spec,
  );
  const trainPlanes = allPlanes.slice(0, train.length);
  const valPlanes = allPlanes.slice(train.length);
  mark('loadImages', t0);

  // ---- stage 2: greyscale adaptation ------------------------------------------------------------------------
  t0 = Date.now();
  const trunks = new Map<GreyMode, tf.LayersModel>();
  let distill: DistillResult | null = null;
  const trunkFor = async (g: GreyMode): Promise<tf.LayersModel> => {
    const have = trunks.get(g);
    if (have) return have;
    let t: tf.LayersModel;
    if (g === 'none') t = await buildTrunk(backbone, { inputSize: cfg.inputSize, channels: 3, featureLayer });
    else if (g === 'fold') t = await buildTrunk(backbone, { inputSize: cfg.inputSize, channels: 1, firstConvKernel: foldKernel, featureLayer });
    else {
      t = await buildTrunk(backbone, { inputSize: cfg.inputSize, channels: 1, firstConvKernel: foldKernel, featureLayer });
      if (!cfg.natural) throw new Error('--grey distill needs --natural DIR (a folder of natural colour photos)');
      // Distil at --distill-size (kernels are size-independent), then copy the weights into the training-size trunk.
      const teacher = await buildTrunk(backbone, { inputSize: cfg.distillSize, channels: 3, featureLayer });
      const student = await buildTrunk(backbone, { inputSize: cfg.distillSize, channels: 1, firstConvKernel: foldKernel, featureLayer });
      const photos = await Promise.all(listImages(cfg.natural).map((p) => decodeImageFile(p)));
      log(
        `distill: ${photos.length} natural photos from ${cfg.natural}, ${cfg.distillCrops} crops of ${cfg.distillSize} px each per epoch, depth ${cfg.distillDepth} blocks`,
      );
      const td = Date.now();
      distill = await distillGreyscale(teacher, student, photos, {
        inputSize: cfg.distillSize,
        depth: cfg.distillDepth,
        cropsPerImage: cfg.distillCrops,
        epochs: cfg.distillEpochs,
        patience: Math.max(2, Math.ceil(cfg.distillEpochs / 3)),
        batchSize: 16,
        lr: cfg.distillLr,
        seed: cfg.seed,
        checkpointDir: join(workDir, 'checkpoint-distill'),
        resume: cfg.resume,
        log: jl,
        interrupt,
        progress: cfg.progress,
      });
      timings.distill = (Date.now() - td) / 1000;
      for (const layer of student.layers) if (layer.getWeights().length) t.getLayer(layer.name).setWeights(layer.getWeights());
      teacher.dispose();
      student.dispose();
      log(
        `distill: validation MSE ${distill.mseBefore.toExponential(3)} -> ${distill.mseAfter.toExponential(3)} (relative ${(distill.mseBefore / distill.targetPower).toFixed(3)} -> ${(distill.mseAfter / distill.targetPower).toFixed(3)}) at ${distill.matchedLayer}`,
      );
    }
    trunks.set(g, t);
    return t;
  };
  const trunk = await trunkFor(cfg.grey);
  mark('greyscale', t0);
  if (interrupt?.requested) return emptyOutcome(true, workDir, timings);

  // ---- stage 3a: head on cached features --------------------------------------------------------------------
  const yTrain = labelMatrix(train, k);
  const yVal = labelMatrix(val, k);
  const cacheDir = join(workDir, '..', 'feature-cache');
  const headFor = async (
    g: GreyMode,
    checkpoint: boolean,
  ): Promise<{ head: HeadResult; trainX: Float32Array; views: number; c: number; valX: Float32Array }> => {
    const t = await trunkFor(g);
    const sp = specFor(g);
    const ids = train.map((i) => i.id);
    const tf0 = Date.now();
    const tr = await cachedFeatures(t, trainPlanes, ids, sp, {
      cacheDir,
      copies: cfg.augCopies,
      aug: cfg.augment,
      seed: cfg.seed,
      batchSize: 32,
      progress: cfg.progress,
      label: `features ${g} train`,
      shouldStop,
    });
    const va = await cachedFeatures(
      t,
      valPlanes,
      val.map((i) => i.id),
      sp,
      { cacheDir, copies: 0, aug: NO_AUGMENT, seed: cfg.seed, batchSize: 32, progress: cfg.progress, label: `features ${g} val`, shouldStop },
    );
    timings[`features-${g}`] = (Date.now() - tf0) / 1000;
    jl.write({
      kind: 'features',
      grey: g,
      train: { n: tr.n, views: tr.views, c: tr.c, fromCache: tr.fromCache, key: tr.key, seconds: tr.seconds },
      val: { n: va.n, fromCache: va.fromCache, seconds: va.seconds },
    });
    log(
      `features (${g}): ${tr.views} x ${tr.n} train + ${va.n} validation, ${tr.c} channels, ${tr.fromCache ? 'from cache' : `extracted in ${(tr.seconds + va.seconds).toFixed(1)} s`}`,
    );
    const th0 = Date.now();
    const head = await trainHead(
      trainFeatureSet(tr.x, tr.views, tr.n, tr.c, yTrain, k),
      { x: va.x, y: yVal, n: va.n, c: va.c, k },
      {
        epochs: cfg.epochs,
        patience: cfg.patience,
        batchSize: cfg.batchSize,
        lr: cfg.lr,
        l2: cfg.l2,
        loss: cfg.loss,
        seed: cfg.seed,
        checkpointDir: checkpoint ? join(workDir, 'checkpoint-head') : null,
        resume: checkpoint && cfg.resume,
        log: jl,
        interrupt: checkpoint ? interrupt : null,
        progress: cfg.progress,
      },
    );
    timings[`head-${g}`] = (Date.now() - th0) / 1000;
    return { head, trainX: tr.x, views: tr.views, c: tr.c, valX: va.x };
  };
  t0 = Date.now();
  const main = await headFor(cfg.grey, true);
  const head = main.head;
  mark('headStage', t0);
  if (head.interrupted) return { ...emptyOutcome(true, workDir, timings), head };
  log(
    `head: best validation mean AUC ${head.bestScore.toFixed(4)} at epoch ${head.bestEpoch} of ${head.epochsRun}; loss ${head.firstLoss.toFixed(4)} -> ${head.lastLoss.toFixed(4)}`,
  );

  // ---- ablation: greyscale stage ----------------------------------------------------------------------------
  const pIdx = labels.indexOf(PNEUMOTHORAX);
  const ablation: AblationRow[] = [];
  const modes: GreyMode[] = cfg.ablation ? (['none', 'fold', 'distill'] as GreyMode[]).filter((g) => g !== 'distill' || cfg.natural) : [cfg.grey];
  for (const g of modes) {
    const r = g === cfg.grey ? head : (await headFor(g, false)).head;
    ablation.push({
      grey: g,
      channels: channelsOf(g),
      valMeanAuc: r.bestScore,
      pneumothoraxAuc: pIdx >= 0 && Number.isFinite(r.valPerLabelAuc[pIdx]) ? r.valPerLabelAuc[pIdx]! : null,
      epochs: r.epochsRun,
      note: g === cfg.grey ? 'shipped' : '',
    });
    jl.write({ kind: 'ablation', ...ablation[ablation.length - 1]! });
  }

  // ---- optional: K-fold cross-validation of the head stage over all images ---------------------------------
  let cvSummary: CvSummary | null = null;
  if (cfg.cv > 1) {
    t0 = Date.now();
    const all = [...train, ...val];
    const feats = await cachedFeatures(
      trunk,
      allPlanes,
      all.map((i) => i.id),
      spec,
      { cacheDir, copies: cfg.augCopies, aug: cfg.augment, seed: cfg.seed, batchSize: 32, progress: cfg.progress, label: 'features all (cv)', shouldStop },
    );
    const epochs = Math.max(1, head.bestEpoch);
    const cv = await crossValidateHead(feats.x, feats.views, feats.n, feats.c, all, k, cfg.cv, epochs, {
      batchSize: cfg.batchSize,
      lr: cfg.lr,
      l2: cfg.l2,
      loss: cfg.loss,
      seed: cfg.seed,
      log: jl,
      progress: false,
    });
    const positivePatients = Object.fromEntries(labels.map((l, j) => [l, new Set(all.filter((it) => it.y[j] === 1).map((it) => it.patientId)).size]));
    const patientsOf = all.map((it) => it.patientId);
    const decisions = findingList.map((l) =>
      decideFinding(
        {
          label: l,
          data: binaryColumn(cv.probs, all, k, labels.indexOf(l)),
          patients: patientsOf,
          abnormal: all.map((it) => (it.noFinding === undefined ? undefined : !it.noFinding)),
        },
        { criticalCandidates: cfg.critical, targetSensitivity: cfg.targetSensitivity },
      ),
    );
    const abnormal = abnIdx >= 0 ? decideAbnormal(abnormalData(cv.probs, all, k, abnIdx), cfg.abnormalSensitivity) : null;
    for (const d of decisions) {
      log(
        `  ${d.label}: ${d.validated ? `operating point ${d.operatingPoint!.threshold.toFixed(4)} (${d.rule})` : `not validated: ${d.reason}`}${d.criticalReason ? `; ${d.criticalReason}` : ''}`,
      );
    }
    const oodRefused = cvOodRate(feats.x, feats.c, all.length, cv, cfg);
    log(`OOD (cross-validated): ${oodRefused.refused} of ${oodRefused.n} chest films refused`);
    let loc: LocalisationReport | null = null;
    if (cfg.boxes) {
      loc = await localiseBoxes(cfg.boxes, all, allPlanes, trunk, spec, cv, labels);
      log(
        `heatmap localisation: ${loc.cases} boxed findings on ${loc.images} images, pointing game ${loc.pointingGame.numerator}/${loc.cases} (centre ${loc.centreBaseline.numerator}/${loc.cases}), energy inside ${(loc.meanEnergyInside * 100).toFixed(1)}% (uniform ${(loc.uniformBaseline * 100).toFixed(1)}%)`,
      );
    }
    cvSummary = {
      positivePatients,
      k: cfg.cv,
      epochs,
      n: all.length,
      patients: new Set(all.map((i) => i.patientId)).size,
      summary: evaluateProbs(cv.probs, all, labels, {}, abnormal?.operatingPoint.threshold ?? 0.5, abnIdx),
      decisions,
      abnormal,
      oodRefused,
      localisation: loc,
      radiologist: cfg.radiologistLabels ? radiologistRows(cfg.radiologistLabels, all, cv.probs, labels) : [],
    };
    for (const r of cvSummary.radiologist)
      log(`radiologist labels: ${r.finding} (${r.modelLabels.join('/') || 'no model output'}): n=${r.n}, AUC ${r.auc.auc.toFixed(3)}`);
    mark('crossValidation', t0);
    const cvMean = meanOf(Object.values(cvSummary.summary.findings).map((f) => f.auc));
    log(
      `cross-validation (${cfg.cv}-fold by patient, ${epochs} epochs): mean AUC ${cvMean.toFixed(4)}, Pneumothorax ${cvSummary.summary.findings[PNEUMOTHORAX]?.auc.toFixed(4) ?? 'n/a'}`,
    );
    jl.write({ kind: 'cv', k: cfg.cv, epochs, meanAuc: cvMean, findings: cvSummary.summary.findings });
  }

  // ---- assemble; stage 3b: optional fine-tuning -------------------------------------------------------------
  // Weighted BCE multiplies the odds of label j by posWeight_j at the optimum; subtracting log(posWeight_j) from
  // the bias undoes that, so probabilities are calibrated to the training prevalence (AUC is unchanged).
  const model = attachHead(trunk, k, tf.tensor2d(head.kernel, [main.c, k]), tf.tensor1d(head.bias));
  let ft: FineTuneResult | null = null;
  if (cfg.unfreeze > 0) {
    t0 = Date.now();
    ft = await fineTune(
      model,
      spec,
      { planes: trainPlanes, y: yTrain },
      { planes: valPlanes, y: yVal },
      {
        unfreeze: cfg.unfreeze,
        epochs: cfg.ftEpochs,
        patience: cfg.patience,
        batchSize: cfg.ftBatchSize,
        lr: cfg.ftLr,
        l2: cfg.l2,
        loss: cfg.loss,
        posWeights: head.posWeights,
        aug: cfg.augment,
        seed: cfg.seed,
        checkpointDir: join(workDir, 'checkpoint-fine-tune'),
        resume: cfg.resume,
        log: jl,
        interrupt,
        progress: cfg.progress,
      },
    );
    mark('fineTune', t0);
    if (ft.interrupted) return { ...emptyOutcome(true, workDir, timings), head, fineTune: ft };
    log(
      `fine-tune (${ft.blocks.length} blocks, ${ft.trainedParams} parameters): validation mean AUC ${ft.bestScore.toFixed(4)} at epoch ${ft.bestEpoch} (head only: ${head.bestScore.toFixed(4)})`,
    );
    const kept = ft.bestEpoch > 0;
    ablation.push({
      grey: cfg.grey,
      channels: spec.channels,
      valMeanAuc: Math.max(...ft.history.map((h) => h.score)),
      pneumothoraxAuc: kept && pIdx >= 0 && Number.isFinite(ft.valPerLabelAuc[pIdx]) ? ft.valPerLabelAuc[pIdx]! : null,
      epochs: ft.epochsRun,
      note: `+ fine-tune top ${cfg.unfreeze === Infinity ? 'all' : cfg.unfreeze} blocks${kept ? ' (shipped)' : ' (best epoch; not kept: did not beat the head)'}`,
    });
  }
  if (cfg.loss === 'wbce') {
    const hl = model.getLayer(HEAD_LAYER);
    const [kern, b] = hl.getWeights();
    const bData = b!.dataSync();
    hl.setWeights([kern!, tf.tensor1d(Float32Array.from(bData, (v, j) => v - Math.log(head.posWeights[j]!)))]);
  }

  // ---- save the model first: everything below is measured on the shipped (quantised, reloaded) weights ------
  const outDir = resolve(cfg.out ?? join('public', 'models', id));
  const check = batchTensor(valPlanes.slice(0, 4), spec);
  const saved = await saveModel(model, outDir, cfg.quantize, check);
  check.dispose();
  if (saved.totalBytes > 10 * 1024 * 1024) log(`WARNING: exported model is ${(saved.totalBytes / 1048576).toFixed(2)} MB (> 10 MB budget)`);
  const shipped = await loadLayersModelFrom(outDir);

  // ---- validation probabilities, operating points, OOD statistics -------------------------------------------
  t0 = Date.now();
  const valProbs = predictProbs(shipped, valPlanes, spec, 32);
  const ops: Record<string, number> = {};
  const opChoices: Record<string, OperatingPointMetrics> = {};
  let abnormalOp: number;
  let critical: string[];
  let notValidated: Record<string, string> | undefined;
  if (cvSummary) {
    // Cross-validated: thresholds, validation status and the critical list from the out-of-fold scores of all images.
    for (const d of cvSummary.decisions) {
      if (!d.operatingPoint) continue;
      ops[d.label] = d.operatingPoint.threshold;
      opChoices[d.label] = d.operatingPoint;
    }
    critical = cvSummary.decisions.filter((d) => d.critical).map((d) => d.label);
    notValidated = Object.fromEntries(cvSummary.decisions.filter((d) => !d.validated).map((d) => [d.label, d.reason]));
    abnormalOp = cvSummary.abnormal?.operatingPoint.threshold ?? chooseOperatingPoint(abnormalData(valProbs, val, k, abnIdx), { rule: 'youden' }).threshold;
  } else {
    findingList.forEach((l) => {
      const ch = chooseOperatingPoint(
        binaryColumn(valProbs, val, k, labels.indexOf(l)),
        cfg.critical.includes(l) ? { rule: 'sensitivity', target: cfg.targetSensitivity } : { rule: 'youden' },
      );
      opChoices[l] = ch;
      ops[l] = ch.threshold;
    });
    critical = cfg.critical.filter((c) => findingList.includes(c));
    abnormalOp = chooseOperatingPoint(
      abnormalData(valProbs, val, k, abnIdx),
      abnIdx >= 0 ? { rule: 'sensitivity', target: cfg.abnormalSensitivity } : { rule: 'youden' },
    ).threshold;
  }
  const validation = evaluateProbs(valProbs, val, labels, ops, abnormalOp, abnIdx);
  const featTrunk = tf.model({ inputs: shipped.inputs, outputs: shipped.outputs[1]! });
  const trainPooled = await pooledOf(featTrunk, trainPlanes, spec);
  const valPooled = await pooledOf(featTrunk, valPlanes, spec);
  const ood = roundOod(
    fitOodStats(trainPooled, { components: cfg.oodComponents, thresholdPercentile: cfg.oodPercentile, calibration: valPooled, seed: cfg.seed }),
  );
  const valD = valPooled.map((f) => oodDistance(f, ood));
  log(
    `OOD: threshold ${ood.threshold.toFixed(2)} (p${cfg.oodPercentile} of validation distances); validation flagged ${valD.filter((d) => d > ood.threshold).length}/${valD.length}`,
  );
  mark('calibrate', t0);

  // ---- extra evaluations (e.g. full resolution) and OOD checks ----------------------------------------------
  const extraEvals: TrainOutcome['extraEvals'] = [];
  const oodCheck = async (name: string, allPaths: string[], planes?: GreyPlane[]): Promise<OodCheck> => {
    // One file at a time: a file that cannot be decoded (a malformed conformance file) is counted, not fatal.
    let paths = allPaths;
    let pl = planes;
    let failed = 0;
    if (!pl) {
      pl = [];
      paths = [];
      for (const p of allPaths) {
        try {
          pl.push((await loadAllCanonical([p], spec))[0]!);
          paths.push(p);
        } catch {
          failed++;
        }
      }
    }
    const pooled = await pooledOf(featTrunk, pl, spec);
    const distances = pooled.map((f, i) => {
      const d = oodDistance(f, ood);
      return { id: paths[i]!.split('/').pop()!, distance: d, outOfDistribution: !(d <= ood.threshold) };
    });
    return { set: name, n: pl.length, flagged: distances.filter((d) => d.outOfDistribution).length, distances, failed };
  };
  for (const dir of cfg.evalSets) {
    const es0 = await loadLabeledSet(dir, findingList);
    const es = { ...es0, items: abnIdx >= 0 ? es0.items.map(withAbnormal) : es0.items };
    const planes = await loadAllCanonical(
      es.items.map((i) => i.path),
      spec,
    );
    const probs = predictProbs(shipped, planes, spec, 8);
    const summary = evaluateProbs(probs, es.items, labels, ops, abnormalOp, abnIdx);
    const oc = await oodCheck(
      dir,
      es.items.map((i) => i.path),
      planes,
    );
    // The same images in the training-resolution set, when present: probabilities at both resolutions.
    extraEvals.push({ name: dir, summary, ood: oc });
    log(`eval ${dir}: n=${es.items.length}, OOD flagged ${oc.flagged}/${oc.n}`);
  }
  const oodChecks: OodCheck[] = [];
  for (const dir of cfg.oodDirs) {
    const oc = await oodCheck(dir, listImages(dir));
    oodChecks.push(oc);
    log(`OOD check ${dir}: flagged ${oc.flagged}/${oc.n}`);
  }

  // ---- export -----------------------------------------------------------------------------------------------
  const created = new Date().toISOString();
  const manifest: ModelManifest = {
    id,
    version: cfg.version,
    created,
    architecture: `${info?.name ?? 'backbone'} (ImageNet, imported) -> greyscale ${cfg.grey} -> ${cfg.inputSize}x${cfg.inputSize}x${spec.channels} trunk to ${featureLayer} -> global average pooling -> Dense(${k}, sigmoid) "${HEAD_LAYER}"${ft ? `; top ${ft.blocks.length} blocks fine-tuned` : ''}`,
    modelUrl: 'model.json',
    preprocessing: spec,
    labels,
    critical,
    operatingPoints: ops,
    ...(notValidated ? { notValidated } : {}),
    ...(abnIdx >= 0 ? { abnormal: { label: ABNORMAL_LABEL, operatingPoint: abnormalOp, targetSensitivity: cfg.abnormalSensitivity } } : {}),
    headLayer: HEAD_LAYER,
    ood,
    metrics: {
      dataset: `${relPath(cfg.data)} patient-disjoint validation split (seed ${cfg.seed}, ${val.length} images)`,
      n: val.length,
      findings: validation.findings,
      ...(validation.abnormal ? { abnormal: validation.abnormal } : {}),
    },
    modelCard: 'MODEL_CARD.md',
    trainingCommand: cfg.command,
  };
  timings.total = (Date.now() - tStart) / 1000;
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const card: ModelCardInput = {
    manifest,
    cfg,
    backendName: backend.name,
    backendDetail: backend.detail,
    backboneName: info?.name ?? cfg.backbone,
    trainCount: train.length,
    valCount: val.length,
    trainPatients: trainPatients.size,
    valPatients: new Set(val.map((i) => i.patientId)).size,
    labelCounts: findingList.map((l, j) => ({ label: l, train: train.filter((i) => i.y[j] === 1).length, val: val.filter((i) => i.y[j] === 1).length })),
    head,
    fineTune: ft,
    distill,
    ablation,
    validation,
    cv: cvSummary,
    extraEvals,
    oodChecks,
    valOodFlagged: valD.filter((d) => d > ood.threshold).length,
    opChoices,
    saved,
    timings,
    holdoutPatients: heldPatients.size,
    abnormalTwin: abnIdx >= 0 ? twinOf([...train, ...val], findingList, abnIdx) : null,
  };
  writeModelCard(join(outDir, 'MODEL_CARD.md'), card);
  writeFileSync(join(workDir, 'report.json'), JSON.stringify({ ...card, manifest: undefined, cfg: { ...cfg } }, null, 1));
  if (cfg.makeDefault || outDir.startsWith(resolve('public', 'models'))) {
    const indexPath = resolve(cfg.index);
    updateModelIndex(indexPath, { id, version: cfg.version, path: relative(resolve(indexPath, '..'), outDir) || '.' }, cfg.makeDefault);
  }
  jl.write({ kind: 'done', outDir, totalBytes: saved.totalBytes, timings });
  log(
    `exported ${outDir} (${(saved.totalBytes / 1048576).toFixed(2)} MB, weights ${cfg.quantize}; reload max |diff| ${saved.reloadMaxAbsDiff.map((d) => d.toExponential(2)).join(', ')}) in ${timings.total.toFixed(0)} s`,
  );
  return { interrupted: false, outDir, workDir, manifest, head, fineTune: ft, distill, ablation, saved, timings, validation, cv: cvSummary, extraEvals };
}

/** float32 precision (7 significant digits) is all the browser uses: halves manifest.json. */
function roundOod(o: OodStats): OodStats {
  const r = (v: number): number => Number(Math.fround(v).toPrecision(7));
  return {
    ...o,
    mean: o.mean.map(r),
    components: o.components.map((row) => row.map(r)),
    variances: o.variances.map(r),
    ...(o.residualVariance !== undefined ? { residualVariance: r(o.residualVariance) } : {}),
  };
}

function meanOf(v: number[]): number {
  const ok = v.filter((x) => Number.isFinite(x));
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
}

function relPath(p: string): string {
  const r = relative(process.cwd(), resolve(p));
  return r.startsWith('..') || r === '' ? p : r;
}

function emptyOutcome(interrupted: boolean, workDir: string, timings: Record<string, number>): TrainOutcome {
  return {
    interrupted,
    outDir: null,
    workDir,
    manifest: null,
    head: null,
    fineTune: null,
    distill: null,
    ablation: [],
    saved: null,
    timings,
    validation: null,
    cv: null,
    extraEvals: [],
  };
}

/**
 * Chest films the OOD gate would refuse had their patients never been seen: per fold f, the statistics are fitted on
 * the un-augmented features of the other folds but one (g = f + 1), the threshold set on fold g at the configured
 * percentile, and fold f tested. An estimate of how often the shipped gate refuses a real chest film.
 */
function cvOodRate(x: Float32Array, c: number, n: number, cv: CvResult, cfg: TrainConfig): { refused: number; n: number } {
  const pooled = Array.from({ length: n }, (_, i) => x.subarray(i * c, (i + 1) * c));
  let refused = 0;
  for (let f = 0; f < cv.k; f++) {
    const g = (f + 1) % cv.k;
    const fit = pooled.filter((_, i) => cv.folds[i] !== f && cv.folds[i] !== g);
    const cal = pooled.filter((_, i) => cv.folds[i] === g);
    const stats = fitOodStats(fit, { components: cfg.oodComponents, thresholdPercentile: cfg.oodPercentile, calibration: cal, seed: cfg.seed });
    pooled.forEach((p, i) => {
      if (cv.folds[i] === f && !(oodDistance(p, stats) <= stats.threshold)) refused++;
    });
  }
  return { refused, n };
}

/**
 * Heatmaps of the boxed images against the radiologist boxes, each map made by the cross-validation head of the fold
 * that held the image's patient out (so no map comes from a head trained on that patient).
 */
async function localiseBoxes(
  boxesFile: string,
  all: LabeledImage[],
  planes: GreyPlane[],
  trunk: tf.LayersModel,
  spec: PreprocessSpec,
  cv: CvResult,
  labels: string[],
): Promise<LocalisationReport> {
  const byId = new Map(all.map((it, i) => [it.id.split('/').pop()!, i]));
  const cases = boxCases(readBoxes(boxesFile), new Set(byId.keys())).filter((c) => labels.includes(c.label));
  const out: Parameters<typeof localisation>[0] = [];
  for (const c of cases) {
    const i = byId.get(c.imageId)!;
    const input = batchTensor([planes[i]!], spec);
    const fmT = trunk.predict(input) as tf.Tensor4D;
    const [, h, w, C] = fmT.shape;
    const data = (await fmT.data()) as Float32Array;
    tf.dispose([input, fmT]);
    const head = cv.heads[cv.folds[i]!]!;
    const cam = normaliseCam(
      classActivationMap(
        { height: h, width: w, channels: C, data },
        { kernel: head.kernel, bias: head.bias, inputs: C, units: labels.length },
        labels.indexOf(c.label),
      ),
      'min-max',
    );
    const side = spec.inputSize;
    out.push({ ...c, map: { map: upsampleCam(cam, w, h, side, side), width: side, height: side } });
  }
  return localisation(out);
}

/** A finding whose labels equal the any-finding labels on every image (an enriched set can make them the same). */
function twinOf(items: LabeledImage[], findings: string[], abnIdx: number): string | null {
  const known = items.filter((it) => it.y[abnIdx]! >= 0);
  if (!known.length) return null;
  return findings.find((_, j) => known.every((it) => it.y[j] === it.y[abnIdx])) ?? null;
}

/** Out-of-fold scores of the images the radiologist table covers, per adjudicated finding with a model output. */
function radiologistRows(path: string, all: LabeledImage[], probs: Float32Array, labels: string[]): RadiologistRow[] {
  const table = readRadiologistLabels(path);
  const k = labels.length;
  const rows: RadiologistRow[] = [];
  for (const f of RADIOLOGIST_FINDINGS) {
    const idx = MODEL_LABELS_FOR[f].map((l) => labels.indexOf(l)).filter((j) => j >= 0);
    const scores: number[] = [];
    const ys: (number | undefined)[] = [];
    all.forEach((it, i) => {
      const y = table.get(it.id.split('/').pop()!)?.[f];
      if (y === undefined || !idx.length) return;
      scores.push(Math.max(...idx.map((j) => probs[i * k + j]!)));
      ys.push(y);
    });
    rows.push({ finding: f, modelLabels: idx.map((j) => labels[j]!), n: scores.length, auc: rocAuc({ scores, labels: ys }) });
  }
  return rows;
}
