// One-time initialisation of Cornerstone3D core, the DICOM image loader (with its decode web worker)
// and the tools library. Safe to call many times: the first call does the work.
import { init as coreInit, cache, imageLoader, metaData } from '@cornerstonejs/core';
import { init as dicomLoaderInit } from '@cornerstonejs/dicom-image-loader';
import { init as toolsInit, addTool, WindowLevelTool, ZoomTool, PanTool, LengthTool, ProbeTool, StackScrollTool } from '@cornerstonejs/tools';
import { imageRegistry } from '../../images';
import { loadWebImage } from '../webImage/webImageLoader';
import { WEB_IMAGE_SCHEME } from '../webImage/webImageId';
import { releaseDisplay } from './releaseDisplay';
import { webImageMetadataProvider } from '../webImage/webImageMetadata';
import { calibrationMetadataProvider } from './calibrationMetadata';
import { loadVoiLutImage, VOI_LUT_SCHEME, voiLutMetadataProvider } from '../voi/voiLutImageLoader';
import { loadYbr422Image, YBR422_SCHEME, ybr422MetadataProvider } from '../color/ybr422ImageLoader';

let initPromise: Promise<void> | null = null;

export function initCornerstone(): Promise<void> {
  if (!initPromise) initPromise = doInit();
  return initPromise;
}

export interface RenderPath {
  cpu: boolean;
  reason: string;
  /** The GPU's largest texture side (WebGL MAX_TEXTURE_SIZE): a larger image cannot be displayed on the GPU path. 0: unknown. */
  maxTextureSize: number;
}

/**
 * GPU (WebGL) rendering by default. `?render=cpu` forces Cornerstone's CPU path (experimental here: its
 * zoom read-out and VOI LUT functions differ). Cornerstone itself falls back to CPU without WebGL.
 */
export function chooseCpuRendering(): RenderPath {
  const forced = new URLSearchParams(window.location.search).get('render');
  if (forced === 'cpu') return { cpu: true, reason: 'forced by ?render=cpu', maxTextureSize: 0 };
  let maxTextureSize = 0;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return { cpu: forced !== 'gpu', reason: forced === 'gpu' ? 'forced by ?render=gpu' : 'no WebGL2', maxTextureSize };
    maxTextureSize = Number(gl.getParameter(gl.MAX_TEXTURE_SIZE)) || 0;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { cpu: false, reason: forced === 'gpu' ? 'forced by ?render=gpu' : renderer, maxTextureSize };
  } catch {
    return { cpu: false, reason: forced === 'gpu' ? 'forced by ?render=gpu' : 'WebGL probe failed', maxTextureSize };
  }
}

export let renderPath: RenderPath = { cpu: false, reason: '', maxTextureSize: 0 };

const IMAGE_CACHE_BYTES = 384 * 1024 * 1024;

async function doInit(): Promise<void> {
  renderPath = chooseCpuRendering();
  coreInit({ rendering: { useCPURendering: renderPath.cpu } } as Parameters<typeof coreInit>[0]);
  // Decoded images (the one on screen, thumbnails, recently viewed) are evicted least recently used beyond this,
  // and with them the loader's copy of the file's bytes: a batch of hundreds of studies stays bounded in memory
  // (Cornerstone's default is 3 GB; see docs/triage.md for the measured peak).
  cache.setMaxCacheSize(IMAGE_CACHE_BYTES);
  // The legacy (dicom-parser based) metadata provider: robust for local Part 10 files, handles
  // deflate and big endian, and serves the classic metadata modules the tools rely on.
  dicomLoaderInit({
    maxWebWorkers: Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1)),
    useLegacyMetadataProvider: true,
  } as Parameters<typeof dicomLoaderInit>[0]);
  toolsInit();
  imageLoader.registerImageLoader(WEB_IMAGE_SCHEME, loadWebImage as never);
  imageLoader.registerImageLoader(VOI_LUT_SCHEME, loadVoiLutImage as never);
  imageLoader.registerImageLoader(YBR422_SCHEME, loadYbr422Image as never);
  metaData.addProvider(webImageMetadataProvider, 10000);
  metaData.addProvider(voiLutMetadataProvider, 10000);
  metaData.addProvider(ybr422MetadataProvider, 10000);
  metaData.addProvider(calibrationMetadataProvider, 9000);
  for (const tool of [WindowLevelTool, ZoomTool, PanTool, LengthTool, ProbeTool, StackScrollTool]) {
    addTool(tool);
  }
  // Closing a study releases its images through the registry; Cornerstone's share goes with them.
  imageRegistry.onRelease(releaseDisplay);
}
