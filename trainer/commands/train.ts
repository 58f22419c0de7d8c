// `npm run trainer -- train`: staged transfer learning (ImageNet -> greyscale -> radiographs) and export.
import { parseArgs } from 'node:util';
import type { Command } from '../command';
import { BACKEND_CHOICES, parseBackendChoice } from '../backend/initBackend';
import { DEFAULT_AUGMENT, NO_AUGMENT, type AugmentOptions } from '../train/augment';
import { Interrupt } from '../train/interrupt';
import type { GreyMode, TrainConfig } from '../train/pipeline';

export const HELP = `npm run trainer -- train --data DIR --backbone DIR [options]

Staged transfer learning (Rajkomar et al. 2017): an ImageNet MobileNet (stage 1, from import-backbone) is adapted
to greyscale (stage 2) and trained on radiographs (stage 3: a sigmoid multi-label head on cached pooled features,
then optionally fine-tuning of the top blocks), evaluated on a patient-disjoint validation split, and exported to
--out as model.json + weights, manifest.json, MODEL_CARD.md, with an entry in public/models/index.json.
Ctrl-C saves a checkpoint and exits; rerun the same command with --resume to continue.

Required:
  --data DIR              training data, NIH ChestX-ray14 layout (Data_Entry_2017.csv + images below)
  --backbone DIR          imported ImageNet backbone (import-backbone output: model.json + imagenet.json)

Output:
  --out DIR               export folder (default public/models/<id>)
  --id ID                 model id (default cxr-mobilenet-<grey>-<input-size>)
  --model-version V       version string in the manifest (default 1.0.0)
  --work DIR              run folder: checkpoints, JSONL log train-log.jsonl, report.json (default trainer/runs/<id>);
                          feature cache in <work>/../feature-cache
  --index FILE            model index to update (default public/models/index.json)
  --no-default            do not make this model the index's default
  --quantize KIND         weight storage: float16 | uint8 | none (default float16)

Run:
  --backend NAME          ${BACKEND_CHOICES.join(' | ')} (default auto)
  --seed N                seed for split, shuffling, augmentation, crops (default 42)
  --resume                continue from the checkpoints in --work
  --no-progress           no progress bar (the JSONL log is still written)
  --limit N               use only the first N images (quick tests)

Preprocessing:
  --input-size N          network input side (default 128): the 64 px canonical image upsampled; see docs
  --canonical-size N      area-averaged canonical side (default 64, the resolution of the training data)
  --fit MODE              stretch | pad | center-crop for non-square images (default stretch)

Stage 2, greyscale:
  --grey MODE             fold | distill | none (default fold)
  --natural DIR           folder of natural colour photos for distill (e.g. ../shared/data/imagenet-tflite)
  --distill-depth N       blocks (from the input) trained and matched in distill (default 4)
  --distill-size N        crop size for distillation (default 64; conv kernels do not depend on it)
  --distill-epochs N      distill epochs (default 8)
  --distill-crops N       random crops per photo per epoch (default 24)
  --distill-lr X          distill learning rate (default 0.0003)
  --ablation              also train heads for none / fold (/ distill with --natural): model-card ablation rows
  --cv K                  also K-fold patient-disjoint cross-validation of the head over all images (default 0 = off)

Stage 3, radiographs:
  --val-fraction F        fraction of patients in validation (default 0.2)
  --holdout DIR           patients of this data set go to validation, never training (repeatable)
  --epochs N              head epochs (default 60)
  --batch-size N          head batch size (default 64)
  --lr X                  head learning rate, Adam (default 0.0001)
  --l2 X                  L2 on the head kernel (default 0.001)
  --patience N            early stopping patience on validation mean AUC, epochs (default 10)
  --loss KIND             wbce (weighted BCE, pos weight = neg/pos per label) | focal (default wbce)
  --aug-copies N          augmented feature copies per training image for the head (default 4)
  --no-augment            no augmentation
  --hflip                 allow left-right flips (off by default: anatomy is not mirror-symmetric)
  --rotate DEG            max rotation (default ${DEFAULT_AUGMENT.rotateDeg})
  --scale F               max relative scale change (default ${DEFAULT_AUGMENT.scale})
  --translate F           max translation, fraction of side (default ${DEFAULT_AUGMENT.translate})
  --brightness F          max brightness shift (default ${DEFAULT_AUGMENT.brightness})
  --contrast F            max relative contrast change (default ${DEFAULT_AUGMENT.contrast})
  --gamma F               max |log gamma| (default ${DEFAULT_AUGMENT.gamma})
  --unfreeze N|all        fine-tune the top N blocks (or all) with the head after the head stage (default 0)
  --ft-epochs N           fine-tuning epochs (default 5)
  --ft-batch-size N       fine-tuning batch size (default 16)
  --ft-lr X               fine-tuning learning rate (default 0.0001)

Export:
  --critical LIST         clinically urgent findings that MAY raise a critical flag (default
                          Pneumothorax,Pneumonia,Consolidation,Edema,Effusion). With --cv, a candidate is critical
                          only if validated and its cross-validated AUC >= 0.7; the card says why for each
  --target-sensitivity F  critical findings' operating point: sensitivity on cross-validated scores (default 0.9)
  --no-abnormal-output    no "any finding" output (the abnormal score is then the largest finding probability)
  --abnormal-sensitivity F  the "any finding" operating point: sensitivity on cross-validated scores (default 0.9)
  --radiologist-labels FILE  google2019_nih-chest-xray-labels.csv (Majkowska et al. 2019): out-of-fold AUCs against
                          radiologist-adjudicated labels for the images it covers (needs --cv)
  --boxes FILE            radiologist boxes (BBox_List_2017.csv): heatmap pointing game and energy inside boxes
                          for boxed images, each scored by a head that never saw its patient (needs --cv)
Operating points (with --cv K): chosen on the K-fold patient-level out-of-fold scores of all images. A finding with
fewer than 15 positive patients, or whose cross-validated AUC 95% CI does not clear 0.5, gets none: the manifest
marks it not validated (shown apart in the app, never flagged). Without --cv: on the validation split (older rule).
  --eval DIR              also evaluate on this labelled set, e.g. ../shared/data/cxr-fullres (repeatable)
  --ood DIR               folder of non-radiographs that should be flagged out of distribution (repeatable)
  --ood-percentile P      OOD threshold percentile of validation distances (default 99)
  --ood-components K      principal components of the OOD statistics (default 16)

Example (the shipped default model, see docs/trainer-train.md):
  npm run trainer -- train --data ../shared/data/nih-cxr14-64 --backbone trainer/runs/backbones/mobilenet_v2_1.0_224_quant \\
    --grey fold --ablation --natural ../shared/data/imagenet-tflite --holdout ../shared/data/cxr-fullres \\
    --eval ../shared/data/cxr-fullres --ood ../shared/data/imagenet-tflite
`;

export const TRAIN_OPTIONS = {
  data: { type: 'string' },
  backbone: { type: 'string' },
  out: { type: 'string' },
  id: { type: 'string' },
  'model-version': { type: 'string' },
  work: { type: 'string' },
  index: { type: 'string' },
  'no-default': { type: 'boolean' },
  quantize: { type: 'string' },
  backend: { type: 'string' },
  seed: { type: 'string' },
  resume: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  limit: { type: 'string' },
  'input-size': { type: 'string' },
  'canonical-size': { type: 'string' },
  fit: { type: 'string' },
  grey: { type: 'string' },
  natural: { type: 'string' },
  'distill-depth': { type: 'string' },
  'distill-size': { type: 'string' },
  'distill-epochs': { type: 'string' },
  'distill-crops': { type: 'string' },
  'distill-lr': { type: 'string' },
  ablation: { type: 'boolean' },
  cv: { type: 'string' },
  'val-fraction': { type: 'string' },
  holdout: { type: 'string', multiple: true },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  l2: { type: 'string' },
  patience: { type: 'string' },
  loss: { type: 'string' },
  'aug-copies': { type: 'string' },
  'no-augment': { type: 'boolean' },
  hflip: { type: 'boolean' },
  rotate: { type: 'string' },
  scale: { type: 'string' },
  translate: { type: 'string' },
  brightness: { type: 'string' },
  contrast: { type: 'string' },
  gamma: { type: 'string' },
  unfreeze: { type: 'string' },
  'ft-epochs': { type: 'string' },
  'ft-batch-size': { type: 'string' },
  'ft-lr': { type: 'string' },
  critical: { type: 'string' },
  'target-sensitivity': { type: 'string' },
  'no-abnormal-output': { type: 'boolean' },
  'abnormal-sensitivity': { type: 'string' },
  boxes: { type: 'string' },
  'radiologist-labels': { type: 'string' },
  eval: { type: 'string', multiple: true },
  ood: { type: 'string', multiple: true },
  'ood-percentile': { type: 'string' },
  'ood-components': { type: 'string' },
} as const;

function shellQuote(a: string): string {
  return /^[A-Za-z0-9_./:=,@+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

function num(v: string | undefined, def: number, name: string): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name}: not a number: ${v}`);
  return n;
}

export function parseTrainArgs(argv: string[]): TrainConfig {
  const { values: v } = parseArgs({ args: argv, strict: true, options: TRAIN_OPTIONS });
  if (!v.data) throw new Error('--data DIR is required');
  if (!v.backbone) throw new Error('--backbone DIR is required');
  const grey = (v.grey ?? 'fold') as GreyMode;
  if (!['fold', 'distill', 'none'].includes(grey)) throw new Error(`--grey must be fold, distill or none, not ${grey}`);
  const loss = v.loss ?? 'wbce';
  if (loss !== 'wbce' && loss !== 'focal') throw new Error(`--loss must be wbce or focal, not ${loss}`);
  const quantize = v.quantize ?? 'float16';
  if (!['float16', 'uint8', 'none'].includes(quantize)) throw new Error(`--quantize must be float16, uint8 or none`);
  const fit = v.fit ?? 'stretch';
  if (!['stretch', 'pad', 'center-crop'].includes(fit)) throw new Error('--fit must be stretch, pad or center-crop');
  const unfreeze = v.unfreeze === undefined ? 0 : v.unfreeze === 'all' ? Infinity : num(v.unfreeze, 0, 'unfreeze');
  const base: AugmentOptions = v['no-augment'] ? NO_AUGMENT : DEFAULT_AUGMENT;
  const augment: AugmentOptions = {
    rotateDeg: num(v.rotate, base.rotateDeg, 'rotate'),
    scale: num(v.scale, base.scale, 'scale'),
    translate: num(v.translate, base.translate, 'translate'),
    brightness: num(v.brightness, base.brightness, 'brightness'),
    contrast: num(v.contrast, base.contrast, 'contrast'),
    gamma: num(v.gamma, base.gamma, 'gamma'),
    hflip: !!v.hflip,
  };
  if (grey === 'distill' && !v.natural) throw new Error('--grey distill needs --natural DIR');
  return {
    data: v.data,
    backbone: v.backbone,
    out: v.out ?? null,
    id: v.id ?? null,
    version: v['model-version'] ?? '1.0.0',
    work: v.work ?? null,
    backend: parseBackendChoice(v.backend),
    inputSize: num(v['input-size'], 128, 'input-size'),
    canonicalSize: num(v['canonical-size'], 64, 'canonical-size'),
    fit: fit as TrainConfig['fit'],
    grey,
    natural: v.natural ?? null,
    distillDepth: num(v['distill-depth'], 4, 'distill-depth'),
    distillSize: num(v['distill-size'], 64, 'distill-size'),
    distillEpochs: num(v['distill-epochs'], 8, 'distill-epochs'),
    distillCrops: num(v['distill-crops'], 24, 'distill-crops'),
    distillLr: num(v['distill-lr'], 3e-4, 'distill-lr'),
    ablation: !!v.ablation,
    cv: num(v.cv, 0, 'cv'),
    valFraction: num(v['val-fraction'], 0.2, 'val-fraction'),
    holdout: v.holdout ?? [],
    seed: num(v.seed, 42, 'seed'),
    epochs: num(v.epochs, 60, 'epochs'),
    batchSize: num(v['batch-size'], 64, 'batch-size'),
    lr: num(v.lr, 1e-4, 'lr'),
    l2: num(v.l2, 1e-3, 'l2'),
    patience: num(v.patience, 10, 'patience'),
    loss,
    augCopies: v['no-augment'] ? 0 : num(v['aug-copies'], 4, 'aug-copies'),
    augment,
    unfreeze,
    ftEpochs: num(v['ft-epochs'], 5, 'ft-epochs'),
    ftBatchSize: num(v['ft-batch-size'], 16, 'ft-batch-size'),
    ftLr: num(v['ft-lr'], 1e-4, 'ft-lr'),
    quantize: quantize as TrainConfig['quantize'],
    critical: (v.critical ?? 'Pneumothorax,Pneumonia,Consolidation,Edema,Effusion')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    targetSensitivity: num(v['target-sensitivity'], 0.9, 'target-sensitivity'),
    abnormalOutput: !v['no-abnormal-output'],
    abnormalSensitivity: num(v['abnormal-sensitivity'], 0.9, 'abnormal-sensitivity'),
    boxes: v.boxes ?? null,
    radiologistLabels: v['radiologist-labels'] ?? null,
    evalSets: v.eval ?? [],
    oodDirs: v.ood ?? [],
    oodPercentile: num(v['ood-percentile'], 99, 'ood-percentile'),
    oodComponents: num(v['ood-components'], 16, 'ood-components'),
    resume: !!v.resume,
    progress: !v['no-progress'],
    makeDefault: !v['no-default'],
    index: v.index ?? 'public/models/index.json',
    limit: v.limit === undefined ? null : num(v.limit, 0, 'limit'),
    command: ['npm run trainer -- train', ...argv.filter((a) => a !== '--resume').map(shellQuote)].join(' '),
  };
}

const command: Command = {
  name: 'train',
  help: HELP,
  async run(argv) {
    let cfg: TrainConfig;
    try {
      cfg = parseTrainArgs(argv);
    } catch (err) {
      console.error(`train: ${(err as Error).message}\n\n${HELP}`);
      return 2;
    }
    const { runTraining } = await import('../train/pipeline');
    const interrupt = new Interrupt().install();
    try {
      const r = await runTraining(cfg, interrupt);
      if (r.interrupted) {
        console.error(`Interrupted: checkpoint saved in ${r.workDir}. Continue with the same command plus --resume.`);
        return 130;
      }
      console.log(
        JSON.stringify({
          id: r.manifest?.id,
          out: r.outDir,
          valMeanAuc: r.fineTune?.bestScore ?? r.head?.bestScore,
          pneumothorax: r.validation?.findings.Pneumothorax,
          ablation: r.ablation,
          bytes: r.saved?.totalBytes,
          timings: r.timings,
        }),
      );
      return 0;
    } finally {
      interrupt.uninstall();
    }
  },
};
export default command;
