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
    let neg = 0;
    for (const row of labels) {
      if (row[j]! > 0.5) pos++;
      else if (row[j]! >= 0) neg++;
    }
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
    const { y, mask, count } = known(labels);
    const one = tf.scalar(1);
    const coef = one.add(posWeight.sub(one).mul(y));
    const l = one
      .sub(y)
      .mul(logits)
      .add(coef.mul(tf.softplus(logits.neg())));
    return l.mul(mask).sum().div(count) as tf.Scalar;
  });
}

/** Labels of -1 mean unknown (e.g. CheXpert uncertain, ignored): masked out, the mean taken over known entries. */
function known(labels: tf.Tensor2D): { y: tf.Tensor2D; mask: tf.Tensor2D; count: tf.Scalar } {
  const mask = labels.greaterEqual(0).toFloat() as tf.Tensor2D;
  return { y: labels.maximum(0) as tf.Tensor2D, mask, count: mask.sum().maximum(1) as tf.Scalar };
}

/** Focal loss with gamma and alpha (alpha weights positives). */
export function focalLoss(logits: tf.Tensor2D, labels: tf.Tensor2D, gamma = 2, alpha = 0.75): tf.Scalar {
  return tf.tidy(() => {
    const { y, mask, count } = known(labels);
    const p = tf.sigmoid(logits);
    const logP = tf.softplus(logits.neg()).neg();
    const log1mP = tf.softplus(logits).neg();
    const pos = y
      .mul(tf.pow(tf.scalar(1).sub(p), gamma))
      .mul(logP)
      .mul(alpha);
    const neg = tf
      .scalar(1)
      .sub(y)
      .mul(tf.pow(p, gamma))
      .mul(log1mP)
      .mul(1 - alpha);
    return pos.add(neg).neg().mul(mask).sum().div(count) as tf.Scalar;
  });
}

export function multilabelLoss(kind: LossKind, logits: tf.Tensor2D, labels: tf.Tensor2D, posWeight: tf.Tensor1D): tf.Scalar {
  return kind === 'focal' ? focalLoss(logits, labels) : weightedBce(logits, labels, posWeight);
}
