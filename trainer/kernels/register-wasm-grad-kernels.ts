// Registers the gradient kernels tfjs-backend-wasm 4.22 lacks, so that fine-tuning runs on wasm. Kernels that
// a later tfjs-backend-wasm provides itself are left alone.
import * as tf from '@tensorflow/tfjs';
import { convGradKernelConfigs } from './conv-grad-kernels';

/** Names of the kernels this module adds to the wasm backend. */
export const WASM_GRAD_KERNELS = ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput'] as const;

export function registerWasmGradKernels(): string[] {
  const added: string[] = [];
  for (const config of convGradKernelConfigs('wasm')) {
    if (tf.getKernel(config.kernelName, 'wasm')) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}
