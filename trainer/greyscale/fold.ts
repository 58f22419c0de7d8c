// Greyscale adaptation by folding: a grey image replicated into R, G and B gives conv(x, W) =
// sum_c conv(grey, W_c) = conv(grey, sum_c W_c). Summing the first convolution's kernels over the input
// channels therefore gives a 1-channel network whose output on a grey image equals the RGB network's output on
// the replicated grey image (up to float rounding), at a third of the first layer's input cost and with a third of
// the input bytes. It adds no adaptation to grey statistics by itself (that is what distillation is for): the
// ablation in the model card shows "fold" and "none" score the same, as they must.
import * as tf from '@tensorflow/tfjs';

/** [kh, kw, 3, out] -> [kh, kw, 1, out] */
export function foldKernel(kernel: tf.Tensor4D): tf.Tensor4D {
  if (kernel.shape[2] !== 3) throw new Error(`fold expects a 3-channel first convolution, got ${kernel.shape[2]} channels`);
  return tf.tidy(() => kernel.sum(2, true) as tf.Tensor4D);
}
