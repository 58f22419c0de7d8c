// Registers the gradient kernels tfjs-backend-wasm 4.22 lacks, so that fine-tuning runs on wasm, and replaces
// its slow Conv2DBackpropInput. Kernels that a later tfjs-backend-wasm provides itself are left alone.
import * as tf from '@tensorflow/tfjs';
import { convGradKernelConfigs } from './convGradKernels';

/** Kernels missing from tfjs-backend-wasm 4.22, added here. */
export const WASM_GRAD_KERNELS = ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput'] as const;
/** Kernels wasm 4.22 has but runs as plain loops (about 10x slower than XNNPACK), replaced here. */
export const WASM_REPLACED_KERNELS = ['Conv2DBackpropInput'] as const;

export function registerWasmGradKernels(): string[] {
  const added: string[] = [];
  for (const config of convGradKernelConfigs('wasm')) {
    const existing = tf.getKernel(config.kernelName, 'wasm');
    if (existing) {
      if (!(WASM_REPLACED_KERNELS as readonly string[]).includes(config.kernelName) || existing.kernelFunc === config.kernelFunc) continue;
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}
