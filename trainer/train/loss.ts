// Class-imbalance-aware multi-label losses, on logits (numerically stable).
//
// Weighted BCE (default): per label j, positives are weighted by posWeight_j = negatives_j / positives_j
// (clipped), so a rare finding such as pneumothorax (33 of 803 images) contributes as much to the gradient as a
// common one. Focal loss (Lin et al. 2017) is the alternative: it down-weights easy examples instead.
import * as tf from '@tensorflow/tfjs';

export type LossKind = 'wbce' | 'focal';

/** negatives / positives per label from a 0/1 label matrix (rows = samples), clipped to [1, maxWeight]. */
export function positiveWeights(labels: ArrayLike<number>[], maxWeight = 50): number[] {
  const k = labels[0]?.length ?? 0;
  const w: number[] = [];
  for (let j = 0; j < k; j++) {
    let pos = 0;
    for (const row of labels) pos += row[j]! > 0.5 ? 1 : 0;
    const neg = labels.length - pos;
    w.push(pos === 0 ? 1 : Math.min(maxWeight, Math.max(1, neg / pos)));
  }
  return w;
}

/**
 * mean over batch and labels of  w*y*softplus(-z) + (1-y)*softplus(z)
 *  = (1-y)*z + (1 + (w-1)*y) * softplus(-z)
 */
export function weightedBce(logits: tf.Tensor2D, labels: tf.Tensor2D, posWeight: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const one = tf.scalar(1);
    const coef = one.add(posWeight.sub(one).mul(labels));
    const l = one.sub(labels).mul(logits).add(coef.mul(tf.softplus(logits.neg())));
    return l.mean() as tf.Scalar;
  });
}

/** Focal loss with gamma and alpha (alpha weights positives). */
export function focalLoss(logits: tf.Tensor2D, labels: tf.Tensor2D, gamma = 2, alpha = 0.75): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.sigmoid(logits);
    const logP = tf.softplus(logits.neg()).neg();
    const log1mP = tf.softplus(logits).neg();
    const pos = labels.mul(tf.pow(tf.scalar(1).sub(p), gamma)).mul(logP).mul(alpha);
    const neg = tf.scalar(1).sub(labels).mul(tf.pow(p, gamma)).mul(log1mP).mul(1 - alpha);
    return pos.add(neg).neg().mean() as tf.Scalar;
  });
}

export function multilabelLoss(
  kind: LossKind,
  logits: tf.Tensor2D,
  labels: tf.Tensor2D,
  posWeight: tf.Tensor1D,
): tf.Scalar {
  return kind === 'focal' ? focalLoss(logits, labels) : weightedBce(logits, labels, posWeight);
}
