export function registerWasmGradKernels(): void {}
