// The image registry: one entry per opened image (see imageRegistry.ts).
export { imageRegistry } from './imageRegistry';
export type { HeaderSummary, ImageEntry, ReleaseHook, WebImageInfo } from './types';
