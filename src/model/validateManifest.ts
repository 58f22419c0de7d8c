// Checks a parsed manifest.json against the ModelManifest contract, so a wrong or truncated file fails with a
// message naming the field instead of a NaN somewhere in inference.
import type { ModelManifest } from './manifest';

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

function need(cond: unknown, what: string): asserts cond {
  if (!cond) throw new ManifestError(`manifest: ${what}`);
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function validateManifest(value: unknown): ModelManifest {
  need(value && typeof value === 'object', 'not a JSON object');
  const m = value as Partial<ModelManifest>;
  for (const k of ['id', 'version', 'created', 'architecture', 'modelUrl', 'headLayer'] as const) {
    need(typeof m[k] === 'string' && (m[k] as string).length > 0, `"${k}" must be a non-empty string`);
  }
  const p = m.preprocessing;
  need(p && typeof p === 'object', '"preprocessing" missing');
  need(Number.isInteger(p.canonicalSize) && p.canonicalSize > 0, 'preprocessing.canonicalSize must be a positive integer');
  need(Number.isInteger(p.inputSize) && p.inputSize > 0, 'preprocessing.inputSize must be a positive integer');
  need(p.channels === 1 || p.channels === 3, 'preprocessing.channels must be 1 or 3');
  need(isNum(p.scale) && isNum(p.offset), 'preprocessing.scale and offset must be numbers');
  need(['stretch', 'pad', 'center-crop'].includes(p.fit), 'preprocessing.fit must be stretch, pad or center-crop');
  need(Array.isArray(m.labels) && m.labels.length > 0 && m.labels.every((l) => typeof l === 'string'), '"labels" must be a non-empty string list');
  need(Array.isArray(m.critical) && m.critical.every((c) => m.labels!.includes(c)), '"critical" must list labels of the model');
  need(m.operatingPoints && typeof m.operatingPoints === 'object', '"operatingPoints" missing');
  for (const [k, v] of Object.entries(m.operatingPoints)) {
    need(m.labels.includes(k), `operatingPoints.${k} is not a label of the model`);
    need(isNum(v) && v >= 0 && v <= 1, `operatingPoints.${k} must be in [0,1]`);
  }
  const nv = m.notValidated ?? {};
  need(typeof nv === 'object', '"notValidated" must map labels to reasons');
  for (const [k, why] of Object.entries(nv)) {
    need(m.labels.includes(k) && typeof why === 'string', `notValidated.${k} must be a label of the model with a reason`);
    need(!(k in m.operatingPoints), `${k} is marked not validated but has an operating point`);
  }
  for (const c of m.critical) need(c in m.operatingPoints, `critical finding ${c} has no operating point (not validated)`);
  const a = m.abnormal;
  if (a !== undefined) {
    need(a && typeof a.label === 'string' && m.labels.includes(a.label), 'abnormal.label must be a label of the model');
    need(!m.critical.includes(a.label) && !(a.label in m.operatingPoints) && !(a.label in nv), 'abnormal.label is not a finding');
    need(isNum(a.operatingPoint) && a.operatingPoint >= 0 && a.operatingPoint <= 1, 'abnormal.operatingPoint must be in [0,1]');
    need(isNum(a.targetSensitivity) && a.targetSensitivity > 0 && a.targetSensitivity <= 1, 'abnormal.targetSensitivity must be in (0,1]');
  }
  const o = m.ood;
  need(o && o.method === 'mahalanobis-pca', 'ood.method must be "mahalanobis-pca"');
  need(Array.isArray(o.mean) && o.mean.every(isNum), 'ood.mean must be numbers');
  need(Array.isArray(o.components) && o.components.every((c) => Array.isArray(c) && c.length === o.mean.length), 'ood.components must be k rows of length C');
  need(
    Array.isArray(o.variances) && o.variances.length === o.components.length && o.variances.every((v) => isNum(v) && v > 0),
    'ood.variances must be k positive numbers',
  );
  need(isNum(o.threshold), 'ood.threshold must be a number');
  need(o.residualVariance === undefined || (isNum(o.residualVariance) && o.residualVariance > 0), 'ood.residualVariance must be positive when present');
  need(m.metrics && typeof m.metrics === 'object' && m.metrics.findings && typeof m.metrics.findings === 'object', '"metrics.findings" missing');
  return m as ModelManifest;
}
