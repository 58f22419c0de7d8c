// One-time initialisation of Cornerstone3D core, the DICOM image loader (with its decode web worker)
// and the tools library. Safe to call many times: the first call does the work.
import { init as coreInit, imageLoader, metaData } from '@cornerstonejs/core';
import { init as dicomLoaderInit } from '@cornerstonejs/dicom-image-loader';
import {
  init as toolsInit,
  addTool,
  WindowLevelTool,
  ZoomTool,
  PanTool,
  LengthTool,
  ProbeTool,
  StackScrollTool,
} from '@cornerstonejs/tools';
import { loadWebImage, WEB_IMAGE_SCHEME } from '../webImage/webImageLoader';
import { webImageMetadataProvider } from '../webImage/webImageMetadata';
import { calibrationMetadataProvider } from './calibrationMetadata';
import { loadVoiLutImage, VOI_LUT_SCHEME, voiLutMetadataProvider } from '../voi/voiLutImageLoader';

let initPromise: Promise<void> | null = null;

export function initCornerstone(): Promise<void> {
  if (!initPromise) initPromise = doInit();
  return initPromise;
}

async function doInit(): Promise<void> {
  coreInit();
  // The legacy (dicom-parser based) metadata provider: robust for local Part 10 files, handles
  // deflate and big endian, and serves the classic metadata modules the tools rely on.
  dicomLoaderInit({
    maxWebWorkers: Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1)),
    useLegacyMetadataProvider: true,
  } as Parameters<typeof dicomLoaderInit>[0]);
  toolsInit();
  imageLoader.registerImageLoader(WEB_IMAGE_SCHEME, loadWebImage as never);
  imageLoader.registerImageLoader(VOI_LUT_SCHEME, loadVoiLutImage as never);
  metaData.addProvider(webImageMetadataProvider, 10000);
  metaData.addProvider(voiLutMetadataProvider, 10000);
  metaData.addProvider(calibrationMetadataProvider, 9000);
  for (const tool of [WindowLevelTool, ZoomTool, PanTool, LengthTool, ProbeTool, StackScrollTool]) {
    addTool(tool);
  }
}
