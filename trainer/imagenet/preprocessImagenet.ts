// ImageNet preprocessing for MobileNets: centre square crop (the short side), bilinear resize to the input
// size, x = rgb / 127.5 - 1 in [-1, 1] (Keras `mobilenet.preprocess_input`; the quantised TFLite models encode
// the same range as uint8 with scale 1/128, zero point 128).
import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from './bmp';

export function imagenetInput(img: RgbaImage, size: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const rgba = tf.tensor3d(img.data, [img.height, img.width, 4], 'int32');
    const side = Math.min(img.width, img.height);
    const top = Math.floor((img.height - side) / 2);
    const left = Math.floor((img.width - side) / 2);
    const rgb = rgba.slice([top, left, 0], [side, side, 3]).toFloat();
    const resized = tf.image.resizeBilinear(rgb as tf.Tensor3D, size, false, true);
    return resized.div(127.5).sub(1).expandDims(0) as tf.Tensor4D;
  });
}
