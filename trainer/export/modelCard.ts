// MODEL_CARD.md for an exported model: data (with citation), method, measured performance with 95% confidence
// intervals, ablations, out-of-distribution checks, limits, and the exact command that reproduces it.
import { writeFileSync } from 'node:fs';
import type { ModelManifest } from '../../src/model/manifest';
import type { OperatingPointMetrics, Proportion } from '../metrics/operatingPoint';
import type { SavedModelInfo } from './saveModel';
import type { DistillResult } from '../greyscale/distill';
import type { EvalSummary, FindingEval } from '../train/evaluation';
import type { FineTuneResult } from '../train/fineTune';
import type { HeadResult } from '../train/head';
import type { AblationRow, CvSummary, OodCheck, TrainConfig } from '../train/pipeline';
import { findingLabels } from '../../src/model/cxrModel';
import { findingName } from '../../src/model/findingNames';
import { CRITICAL_MIN_AUC, MIN_POSITIVE_PATIENTS } from '../train/validationRules';

export interface ModelCardInput {
  manifest: ModelManifest;
  cfg: TrainConfig;
  backendName: string;
  backendDetail: string;
  backboneName: string;
  trainCount: number;
  valCount: number;
  trainPatients: number;
  valPatients: number;
  labelCounts: { label: string; train: number; val: number }[];
  head: HeadResult;
  fineTune: FineTuneResult | null;
  distill: DistillResult | null;
  ablation: AblationRow[];
  validation: EvalSummary;
  cv: CvSummary | null;
  extraEvals: { name: string; summary: EvalSummary; ood: OodCheck }[];
  oodChecks: OodCheck[];
  valOodFlagged: number;
  opChoices: Record<string, OperatingPointMetrics>;
  saved: SavedModelInfo;
  timings: Record<string, number>;
  holdoutPatients: number;
  /** A finding whose labels equal the any-finding labels on every image of this set, if any. */
  abnormalTwin?: string | null;
}

const f3 = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(3));
const pct = (p: Proportion): string =>
  Number.isFinite(p.value)
    ? `${(100 * p.value).toFixed(0)}% (${p.numerator}/${p.denominator}; ${(100 * p.ci95[0]).toFixed(0)}-${(100 * p.ci95[1]).toFixed(0)})`
    : 'n/a';
const ci = (m: FindingEval): string => (Number.isFinite(m.ci95[0]) ? `${f3(m.ci95[0])}-${f3(m.ci95[1])}` : 'n/a');

function metricsTable(s: EvalSummary, critical: string[], abnormalName = 'any finding vs No Finding (max probability)'): string {
  const rows = Object.entries(s.findings).map(
    ([l, m]) =>
      `| ${l}${critical.includes(l) ? ' (critical)' : ''} | ${m.positives} | ${m.negatives} | ${f3(m.auc)} | ${ci(m)} | ${f3(m.threshold)} | ${pct(m.sensitivity)} | ${pct(m.specificity)} | ${pct(m.ppv)} | ${pct(m.npv)} |`,
  );
  if (s.abnormal) {
    const m = s.abnormal;
    rows.push(
      `| ${abnormalName} | ${m.positives} | ${m.negatives} | ${f3(m.auc)} | ${ci(m)} | ${f3(m.threshold)} | ${pct(m.sensitivity)} | ${pct(m.specificity)} | ${pct(m.ppv)} | ${pct(m.npv)} |`,
    );
  }
  return [
    '| finding | positives | negatives | AUC | 95% CI | threshold | sensitivity | specificity | PPV | NPV |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

function meanAucOf(s: EvalSummary): number {
  const v = Object.values(s.findings)
    .map((m) => m.auc)
    .filter((a) => Number.isFinite(a));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
}

export function renderModelCard(c: ModelCardInput): string {
  const m = c.manifest;
  const cfg = c.cfg;
  const sp = m.preprocessing;
  const mb = (c.saved.totalBytes / 1048576).toFixed(2);
  const pTrain = c.labelCounts.find((x) => x.label === 'Pneumothorax');
  const t = c.timings;
  const lines: string[] = [];
  const px = sp.canonicalSize;
  const abnName = m.abnormal ? 'any finding vs No Finding (the model\'s "any finding" output)' : undefined;
  const nFindings = findingLabels(m).length;
  lines.push(`# Model card: ${m.id} (version ${m.version})`);
  lines.push('');
  lines.push(`> **Not for diagnostic use.** A research and engineering demonstration, trained on ${c.trainCount + c.valCount} images of a public data set`);
  lines.push(
    `> (seen by the network at ${px}x${px} pixels). Its numbers below say what can be measured on these data, not that it can find disease in a patient.`,
  );
  lines.push('');
  lines.push(
    `Created ${m.created} by the StatRead trainer. Files: \`model.json\` + ${c.saved.files.filter((f) => f.name.endsWith('.bin')).length} weight shard(s), ${mb} MB in all (weights stored as ${c.saved.quantization}); \`manifest.json\`.`,
  );
  lines.push('');
  lines.push('## Reproduce');
  lines.push('');
  lines.push('```sh');
  lines.push(m.trainingCommand);
  lines.push('```');
  lines.push('');
  lines.push(
    `Backend: ${c.backendName} (${c.backendDetail}). Wall time ${((t.total ?? 0) / 60).toFixed(1)} min on a shared 2-core machine (stages: ${Object.entries(t)
      .filter(([k]) => k !== 'total')
      .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
      .join(
        ', ',
      )}). Same command, same seed and backend: same weights.${cfg.resume ? ' (This export came from a run continued with --resume: the stage times exclude work done before the interruption.)' : ''}`,
  );
  lines.push('');
  lines.push('## Intended use');
  lines.push('');
  lines.push("Flags frontal chest radiographs for a reader's attention inside the StatRead viewer, in the browser. It outputs one");
  lines.push(
    `probability per finding (${nFindings} NIH ChestX-ray14 labels)${m.abnormal ? ', an "any finding" score that sorts the worklist,' : ''} and a class-activation heatmap. Critical findings: ${m.critical.map(findingName).join(', ') || 'none'}.`,
  );
  if (c.cv) {
    lines.push('');
    lines.push(
      `Which findings are critical was decided from measured skill, not assumed. The clinically urgent candidates (${cfg.critical.map(findingName).join(', ')}) raise a critical flag only when cross-validation validates them (at least ${MIN_POSITIVE_PATIENTS} positive patients, AUC 95% CI above 0.5), their cross-validated AUC reaches ${CRITICAL_MIN_AUC} (a weaker alarm would mainly teach readers to ignore alarms), and they also tell their finding from films with other findings (AUC among abnormal films, CI above 0.5, at least ${MIN_POSITIVE_PATIENTS} such patients): a flag names a finding, and one that fires on any abnormal film would name the wrong one.`,
    );
    lines.push('');
    for (const d of c.cv.decisions.filter((x) => x.candidate)) lines.push(`- ${findingName(d.label)}: ${d.criticalReason}.`);
    const nv = c.cv.decisions.filter((d) => !d.validated);
    if (nv.length) {
      lines.push('');
      lines.push(
        `Not validated (scored and shown apart in the app, greyed, never flagged or called "above"; no operating point): ${nv.map((d) => `${findingName(d.label)} (${d.reason})`).join('; ')}.`,
      );
    }
  } else {
    lines.push('Pneumothorax is the finding that needs action within minutes. Other urgent NIH labels (consolidation/pneumonia,');
    lines.push('effusion, edema) are scored and shown but not marked critical: with these data their scores are not reliable enough to');
    lines.push('raise an alarm, and marking them would mainly train users to ignore alarms.');
  }
  lines.push('It is not a diagnostic device, is not cleared by any regulator, and must not be used to make or exclude a diagnosis.');
  lines.push('');
  lines.push('## Data');
  lines.push('');
  lines.push(
    `- **NIH ChestX-ray14** (${cfg.data}): ${c.trainCount + c.valCount} frontal radiographs of ${c.trainPatients + c.valPatients} patients (the preprocessing area-averages each to ${px}x${px} px), with the ${nFindings} text-mined labels of \`Data_Entry_2017.csv\`.`,
  );
  lines.push('  Wang X, Peng Y, Lu L, Lu Z, Bagheri M, Summers RM. *ChestX-ray8: Hospital-scale Chest X-ray Database and Benchmarks on');
  lines.push('  Weakly-Supervised Classification and Localization of Common Thorax Diseases.* IEEE CVPR 2017, pp. 2097-2106.');
  lines.push('  We thank the **NIH Clinical Center** for making the data set publicly available.');
  lines.push(
    `- Split: patient-disjoint, seeded (seed ${cfg.seed}): ${c.trainCount} training images (${c.trainPatients} patients), ${c.valCount} validation images (${c.valPatients} patients), no patient in both.${c.holdoutPatients ? ` The ${c.holdoutPatients} patients of ${cfg.holdout.join(', ')} were forced into validation, so the full-resolution check below is on patients never trained on.` : ''}`,
  );
  lines.push(`- Label counts (train / validation): ${c.labelCounts.map((l) => `${l.label} ${l.train}/${l.val}`).join(', ')}.`);
  lines.push('- The labels were mined from radiology reports by NLP; Wang et al. and later audits report label error rates that are');
  lines.push('  substantial for some findings. No label was checked by a radiologist here.');
  if (c.distill) lines.push(`- Greyscale distillation used ${c.distill.photos} natural colour photos from ${cfg.natural} (random crops).`);
  lines.push('');
  lines.push('## Method');
  lines.push('');
  lines.push('Staged transfer learning after Rajkomar A, Lingam S, Taylor AG, Blum M, Mongan J. *High-Throughput Classification of');
  lines.push('Radiographs Using Deep Convolutional Neural Networks.* J Digit Imaging 2017;30:95-101.');
  lines.push('');
  lines.push(`1. **ImageNet**: ${c.backboneName}, imported from its TFLite flatbuffer (weights dequantised), cut at its last convolutional feature map.`);
  lines.push(`2. **Greyscale** (\`--grey ${cfg.grey}\`): ${greyText(cfg.grey, c.distill)}`);
  lines.push(
    `3. **Radiographs**: every image goes through the browser's own preprocessing (\`src/model/preprocess.ts\`): fit \`${sp.fit}\`, area-average to ${sp.canonicalSize}x${sp.canonicalSize}, bilinear to ${sp.inputSize}x${sp.inputSize}, x = grey * ${sp.scale} + ${sp.offset}, ${sp.channels} channel(s).`,
  );
  lines.push(
    `   - Head: Dense(${m.labels.length}, sigmoid)${m.abnormal ? ` (${nFindings} findings + "${m.abnormal.label}": any finding vs No Finding, trained as one more label)` : ''} named \`${m.headLayer}\` on global-average-pooled features, trained on cached features of the un-augmented image plus ${cfg.augCopies} augmented copies of each training image.`,
  );
  lines.push(
    `     Augmentation (anatomy-preserving): rotation +-${cfg.augment.rotateDeg} deg, scale +-${(cfg.augment.scale * 100).toFixed(0)}%, translation +-${(cfg.augment.translate * 100).toFixed(0)}%, brightness +-${cfg.augment.brightness}, contrast +-${(cfg.augment.contrast * 100).toFixed(0)}%, gamma x exp(+-${cfg.augment.gamma}); left-right flips ${cfg.augment.hflip ? 'ON' : 'off (the heart is on the left)'}.`,
  );
  lines.push(
    `     Loss: ${cfg.loss === 'wbce' ? 'weighted binary cross-entropy, positives of label j weighted by negatives/positives (max 50); the bias is then shifted by -log(weight) so probabilities match training prevalence' : 'focal loss (gamma 2, alpha 0.75)'}; L2 ${cfg.l2}; Adam lr ${cfg.lr}, batch ${cfg.batchSize}.`,
  );
  lines.push(
    `     Early stopping on validation mean AUC (patience ${cfg.patience}): best epoch ${c.head.bestEpoch} of ${c.head.epochsRun}; training loss ${f3(c.head.firstLoss)} -> ${f3(c.head.lastLoss)}.`,
  );
  if (c.fineTune) {
    lines.push(
      `   - Fine-tuning: top ${c.fineTune.blocks.length} blocks (${c.fineTune.blocks.join(', ')}; ${c.fineTune.trainedParams} parameters) with the head, augmented images, Adam lr ${cfg.ftLr}, batch ${cfg.ftBatchSize}; ${c.fineTune.bestEpoch > 0 ? `best epoch ${c.fineTune.bestEpoch} of ${c.fineTune.epochsRun}, validation mean AUC ${f3(c.fineTune.bestScore)} (head only ${f3(c.head.bestScore)}).` : `no fine-tuning epoch (of ${c.fineTune.epochsRun}) beat the head-only validation mean AUC ${f3(c.head.bestScore)}, so the shipped weights are the head-only ones (fine-tuning rows in the ablation show what it reached).`}`,
    );
  } else {
    lines.push(
      c.cv
        ? '   - No end-to-end fine-tuning in this model (`--unfreeze 0`): the operating points come from cross-validating the head on frozen features, and a fine-tuned network would need its own cross-validation for its thresholds to mean anything.'
        : '   - No end-to-end fine-tuning in this model (`--unfreeze 0`): with this few training images the head on frozen features is the honest choice.',
    );
  }
  if (c.cv) {
    lines.push(
      `4. **Operating points**, per finding, on the ${c.cv.k}-fold patient-level cross-validated (out-of-fold) scores of all ${c.cv.n} images, each fold head's bias shifted exactly as the shipped head's so the scores are on the shipped probability scale: critical findings at the highest threshold reaching sensitivity ${cfg.targetSensitivity}, other validated findings at the maximum of Youden's J${m.abnormal ? `, the "any finding" score at the highest threshold reaching sensitivity ${m.abnormal.targetSensitivity}` : ''}. A finding with fewer than ${MIN_POSITIVE_PATIENTS} positive patients or whose cross-validated AUC CI does not clear 0.5 gets none (not validated). See "Operating points and validation" below.`,
    );
  } else
    lines.push(
      `4. **Operating points**, per finding, on the validation split: critical findings at the highest threshold reaching sensitivity ${cfg.targetSensitivity} on validation, others at the maximum of Youden's J (also for the "any finding" row, whose score is the largest finding probability); labels without validation positives get 0.5 (not data-driven). With ${pTrain?.val ?? '?'} validation pneumothorax images these thresholds are very uncertain.`,
    );
  lines.push(
    `5. **Out-of-distribution statistics**: Mahalanobis distance of the pooled features in the top-${m.ood.components.length} principal axes of the training images' features, plus the probabilistic-PCA residual; threshold ${f3(m.ood.threshold)} = the ${cfg.oodPercentile}th percentile of the validation images' distances.`,
  );
  lines.push('');
  lines.push('## Performance (patient-disjoint validation split)');
  lines.push('');
  lines.push(
    `Mean AUC over findings with validation positives: **${f3(meanAucOf(c.validation))}**. AUC 95% CIs: DeLong; sensitivity, specificity, PPV, NPV: value (count; Wilson 95% CI). With single-digit positive counts the intervals are wide and themselves approximate.`,
  );
  lines.push('');
  lines.push(metricsTable(c.validation, m.critical, abnName));
  lines.push('');
  if (c.cv) {
    lines.push(`### Cross-validation: ${c.cv.k}-fold by patient, all ${c.cv.n} images (${c.cv.patients} patients)`);
    lines.push('');
    lines.push(
      `A single 80/20 split leaves rare findings with one or two validation patients (see the positive counts above). Here the head stage (frozen ${sp.channels}-channel features, same augmentation, loss and hyperparameters, a fixed ${c.cv.epochs} epochs = the main run's early-stopping choice, last weights kept: no selection on the held-out fold) is retrained ${c.cv.k} times, each time scoring the images of patients it never saw, so every image gets one out-of-fold score. This measures the method (head on frozen features), not the shipped weights${c.fineTune ? ' (which were also fine-tuned)' : ''}; it is the better estimate of what the method reaches on this data. Mean AUC **${f3(meanAucOf(c.cv.summary))}**.`,
    );
    lines.push('');
    lines.push('| finding | positives (patients) | negatives | AUC | 95% CI (DeLong) |');
    lines.push('| --- | ---: | ---: | ---: | --- |');
    for (const [l, f] of Object.entries(c.cv.summary.findings))
      lines.push(
        `| ${l}${m.critical.includes(l) ? ' (critical)' : ''} | ${f.positives} (${c.cv.positivePatients[l] ?? '?'}) | ${f.negatives} | ${f3(f.auc)} | ${ci(f)} |`,
      );
    if (c.cv.summary.abnormal)
      lines.push(
        `| ${abnName ?? 'any finding vs No Finding (max probability)'} | ${c.cv.summary.abnormal.positives} | ${c.cv.summary.abnormal.negatives} | ${f3(c.cv.summary.abnormal.auc)} | ${ci(c.cv.summary.abnormal)} |`,
      );
    lines.push('');
    lines.push(
      'Reading this table: out-of-fold scores from five different heads are pooled, which is known to bias AUC downwards (the heads differ in calibration; Airola et al., Comput Stat Data Anal 2011), most for findings whose positive images come from few patients, where a fold may train with almost none of them. AUCs below 0.5 here mean "no usable signal", not a reversed one. A DeLong CI that includes 0.5 means the data cannot show any skill for that finding.',
    );
    lines.push('');
    lines.push('### Operating points and validation (out-of-fold scores)');
    lines.push('');
    lines.push(
      '| finding | positive images (patients) | CV AUC (95% CI) | AUC among abnormal films | status | rule | threshold | sensitivity | specificity | PPV |',
    );
    lines.push('| --- | ---: | --- | --- | --- | --- | ---: | ---: | ---: | ---: |');
    for (const d of c.cv.decisions) {
      const op = d.operatingPoint;
      lines.push(
        `| ${findingName(d.label)} | ${d.positiveImages} (${d.positivePatients}) | ${f3(d.cv.auc)} (${f3(d.cv.ci95[0])}-${f3(d.cv.ci95[1])}) | ${d.amongAbnormal && d.amongAbnormal.negatives ? `${f3(d.amongAbnormal.auc)} (${d.amongAbnormal.negatives} other abnormal)` : '-'} | ${d.validated ? (d.critical ? 'validated, critical' : 'validated') : `not validated: ${d.reason}`} | ${d.rule ?? '-'} | ${op ? f3(op.threshold) : '-'} | ${op ? pct(op.sensitivity) : '-'} | ${op ? pct(op.specificity) : '-'} | ${op ? pct(op.ppv) : '-'} |`,
      );
    }
    if (c.cv.abnormal) {
      const a = c.cv.abnormal;
      lines.push(
        `| **Any finding** (worklist order) | ${a.cv.positives} | ${f3(a.cv.auc)} (${f3(a.cv.ci95[0])}-${f3(a.cv.ci95[1])}) | - | validated | sensitivity ${a.targetSensitivity} | ${f3(a.operatingPoint.threshold)} | ${pct(a.operatingPoint.sensitivity)} | ${pct(a.operatingPoint.specificity)} | ${pct(a.operatingPoint.ppv)} |`,
      );
    }
    lines.push('');
    lines.push(
      "Sensitivity, specificity and PPV here are out-of-fold at the chosen threshold (chosen on the same scores: optimistic, most for Youden). The PPV depends on this enriched set's prevalence, not a hospital's.",
    );
    lines.push('');
    const rad = c.cv.radiologist.filter((r) => r.modelLabels.length);
    if (rad.length) {
      lines.push('### Against radiologist-adjudicated labels');
      lines.push('');
      lines.push(
        `\`${cfg.radiologistLabels}\` (Majkowska A et al. *Chest radiograph interpretation with deep learning models: assessment with radiologist-adjudicated reference standards and population-adjusted evaluation.* Radiology 2020;294:421-431) re-read some NIH images; where it covers images of this set, the out-of-fold scores (largest probability of the listed outputs) against those labels instead of the text-mined ones:`,
      );
      lines.push('');
      lines.push('| adjudicated finding | model outputs | images | positives | AUC (95% CI) |');
      lines.push('| --- | --- | ---: | ---: | --- |');
      for (const r of rad)
        lines.push(
          `| ${r.finding} | ${r.modelLabels.map(findingName).join(', ')} | ${r.n} | ${r.auc.positives} | ${f3(r.auc.auc)} (${f3(r.auc.ci95[0])}-${f3(r.auc.ci95[1])}) |`,
        );
      lines.push('');
      lines.push('So few images cannot confirm or refute the text-mined AUCs; they are here so that the check exists and grows with the data.');
      lines.push('');
    }
    if (c.cv.localisation) {
      const L = c.cv.localisation;
      lines.push('### Heatmap localisation (radiologist boxes)');
      lines.push('');
      lines.push(
        `\`${cfg.boxes}\`: ${L.cases} boxed findings on ${L.images} of these images; each map is made by the cross-validation head that never saw the patient, for the boxed finding, whatever its probability. Pointing game (peak of the map inside a box of that finding): **${pct(L.pointingGame)}**, against ${pct(L.centreBaseline)} for the image centre. Share of the (min-max normalised) map inside the boxes: **${(100 * L.meanEnergyInside).toFixed(1)}%**, against ${(100 * L.uniformBaseline).toFixed(1)}% for a uniform map (the boxes' area).`,
      );
      lines.push('');
      lines.push('| finding | boxed cases | peak inside | centre inside |');
      lines.push('| --- | ---: | ---: | ---: |');
      for (const [l, r] of Object.entries(L.byLabel)) lines.push(`| ${findingName(l)} | ${r.cases} | ${r.hits} | ${r.centreHits} |`);
      lines.push('');
      lines.push('With this few boxes the rates are rough; a map that beats neither baseline says where the evidence is no better than chance.');
      lines.push('');
    }
  }
  for (const e of c.extraEvals) {
    lines.push(`### ${e.name} (full resolution, ${e.summary.n} images)`);
    lines.push('');
    lines.push(
      `These images are 1024x1024; the preprocessing area-averages them to the same ${px}x${px} canonical image the model was trained on. ${e.summary.n} images cannot measure accuracy: the table only shows that the pipeline runs at full resolution.`,
    );
    lines.push('');
    lines.push(metricsTable(e.summary, m.critical, abnName));
    lines.push('');
    lines.push(
      `Out-of-distribution check: ${e.ood.flagged} of ${e.ood.n} flagged (distances ${e.ood.distances.map((d) => d.distance.toFixed(1)).join(', ')}; threshold ${f3(m.ood.threshold)}).`,
    );
    lines.push('');
  }
  lines.push('## Ablation: does the greyscale stage help?');
  lines.push('');
  lines.push(
    `Same seed, data split, augmentation and head training; only stage 2 differs. Validation AUC of the head on frozen features${c.ablation.some((a) => a.note.startsWith('+')) ? ' (and, marked, after fine-tuning)' : ''}.`,
  );
  lines.push('');
  lines.push('| stage 2 | input channels | validation mean AUC | Pneumothorax AUC | epochs | |');
  lines.push('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const a of c.ablation) lines.push(`| ${a.grey} | ${a.channels} | ${f3(a.valMeanAuc)} | ${f3(a.pneumothoraxAuc)} | ${a.epochs} | ${a.note} |`);
  lines.push('');
  lines.push('"none" feeds the grey image replicated into R, G and B; "fold" sums the first convolution\'s kernels over R, G, B, which is');
  lines.push('the same function with a 1-channel input, so the two rows can only differ by float rounding. "distill" changes the');
  lines.push('weights. Differences smaller than the confidence intervals above are noise.');
  lines.push('');
  lines.push('## Out-of-distribution checks');
  lines.push('');
  lines.push(
    `- Validation radiographs flagged: ${c.valOodFlagged} of ${c.valCount} (expected about ${(100 - cfg.oodPercentile).toFixed(0)}% by construction).`,
  );
  if (c.cv)
    lines.push(
      `- Chest films refused, cross-validated (statistics fitted without the patient's fold, threshold set on another fold): **${c.cv.oodRefused.refused} of ${c.cv.oodRefused.n}** (${((100 * c.cv.oodRefused.refused) / Math.max(1, c.cv.oodRefused.n)).toFixed(1)}%).`,
    );
  for (const e of c.extraEvals) lines.push(`- ${e.name}: ${e.ood.flagged} of ${e.ood.n} flagged.`);
  for (const o of c.oodChecks)
    lines.push(
      `- ${o.set} (not chest radiographs; by image statistics alone, header ignored): ${o.flagged} of ${o.n} flagged${o.failed ? `, ${o.failed} file(s) could not be decoded` : ''} (${o.distances.map((d) => `${d.id} ${d.distance.toFixed(1)}${d.outOfDistribution ? '' : ' NOT flagged'}`).join(', ')}).`,
    );
  lines.push('');
  lines.push('## Limits (read these)');
  lines.push('');
  if (px <= 128)
    lines.push(
      `- **${px}x${px} inputs.** Every image, whatever its resolution, is reduced to ${px}x${px} before the network sees it (then upsampled to ${sp.inputSize} for the ImageNet-shaped network: upsampling adds no information). A pneumothorax is often a thin pleural line a few pixels wide at 1024 px: at ${px} px it is usually invisible. Nodules, small effusions and lines are similarly lost.`,
    );
  lines.push(
    `- **Tiny numbers.** ${pTrain ? `${pTrain.train + pTrain.val} pneumothorax images (${pTrain.train} train / ${pTrain.val} validation)` : 'Few positives'}, ${c.trainCount + c.valCount} images overall of ${c.trainPatients + c.valPatients} patients. AUCs on a validation split this small move by +-0.1 between seeds; the confidence intervals above are the honest summary.`,
  );
  if (c.abnormalTwin)
    lines.push(
      `- **"Any finding" is ${findingName(c.abnormalTwin)} here.** In ${cfg.data} every image with a finding is labelled ${findingName(c.abnormalTwin)} (the set is half "No Finding", half ${findingName(c.abnormalTwin)}), so the any-finding output learnt the same thing and its numbers equal ${findingName(c.abnormalTwin)}'s. On a hospital's mix it would miss abnormal films without ${findingName(c.abnormalTwin).toLowerCase()}.`,
    );
  const L = c.cv?.localisation;
  if (L && L.pointingGame.numerator <= L.centreBaseline.numerator)
    lines.push(
      `- **The heatmap is not a localisation.** Against radiologist boxes its peak lands inside the box no more often than the image centre does (${L.pointingGame.numerator}/${L.cases} vs ${L.centreBaseline.numerator}/${L.cases}). It shows where the network's evidence for a score comes from, which can be the wrong place; the app shows it only for a finding above its operating point or on request.`,
    );
  lines.push(
    '- **Labels** are NLP-mined from reports, not radiologist-verified; some NIH labels are known to be noisy (and pneumothorax positives are often patients with a chest drain already in place, which a model can learn instead of the pneumothorax).',
  );
  lines.push(
    '- **Population**: one hospital (NIH Clinical Center), adults, mostly PA and AP frontal films. Other sites, children, lateral views, portable ICU films and other equipment are out of scope; the OOD statistics catch images very unlike the training set, not subtle shifts.',
  );
  lines.push(
    c.cv
      ? "- Probabilities are calibrated to the training prevalence at best (this set is enriched, so a hospital's prevalence is lower and PPVs there are lower too); operating points come from cross-validated scores of a few hundred patients."
      : '- Probabilities are calibrated to the training prevalence at best; the operating points come from a handful of validation positives.',
  );
  lines.push('- **Not for diagnostic use.** Not evaluated prospectively, not cleared by any regulator.');
  lines.push('');
  return lines.join('\n');
}

function greyText(g: string, d: DistillResult | null): string {
  if (g === 'none') return 'none: the grey radiograph is replicated into the three colour channels of the ImageNet network.';
  if (g === 'fold')
    return "fold: the first convolution's RGB kernels are summed into one input channel, so the network takes the grey image directly (identical output to replicating grey into RGB, one third of the first layer's input work).";
  return `distill: first conv folded to grey, then the first ${d?.trainedBlocks.length ?? '?'} blocks (${d?.trainedBlocks.join(', ') ?? ''}) trained so that their output on the grey version of natural photos matches the colour network's output on the colour photo (teacher RGB, student grey; MSE at ${d?.matchedLayer ?? '?'}). Validation MSE relative to the teacher's activation power ${d ? `${(d.mseBefore / d.targetPower).toFixed(3)} -> ${(d.mseAfter / d.targetPower).toFixed(3)}` : 'n/a'} over ${d?.epochsRun ?? 0} epochs.`;
}

export function writeModelCard(path: string, c: ModelCardInput): void {
  writeFileSync(path, renderModelCard(c));
}
