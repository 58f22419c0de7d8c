// Closing studies: removeStudies drops exactly the closed studies' images, regroups, and moves
// the viewer to the next series or empties it. Real headers from the pydicom DICOMDIR tree (several
// patients, studies and series).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { create } from 'zustand';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { classifyBytes } from './classifyFile';
import type { LoadedImage } from '../store/studyTypes';
import { createStudiesSlice } from '../store/studiesSlice';
import { createViewerSlice } from '../store/viewerSlice';
import type { StoreState } from '../store/index';

const TREE = 'dicom-conformance/pydicom-test-files/dicomdirtests';
const skip = missingDataReason(TREE);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function loadImages(): LoadedImage[] {
  const root = dataPath(TREE);
  const images: LoadedImage[] = [];
  for (const p of walk(root).sort()) {
    const name = p.split('/').pop()!;
    const c = classifyBytes(new Uint8Array(readFileSync(p)), name);
    if (c.kind !== 'dicom') continue;
    images.push({
      imageId: `test:${images.length}`,
      fileName: name,
      path: relative(root, p),
      frame: 0,
      kind: 'dicom',
      header: c.header,
      rows: c.header.rows,
      columns: c.header.columns,
      samplesPerPixel: c.header.samplesPerPixel,
    });
  }
  return images;
}

const newStore = () => create<StoreState>()((...a) => ({ ...createStudiesSlice(...a), ...createViewerSlice(...a) }));

describe.skipIf(!!skip)('removeStudies', () => {
  it('removes exactly the closed study, regroups, and moves the viewer to the next series', () => {
    const store = newStore();
    const images = loadImages();
    store.getState().addImages(images);
    const before = store.getState();
    const studyKeys = Object.keys(before.studies);
    expect(studyKeys.length).toBeGreaterThanOrEqual(3);
    const closing = studyKeys[0];
    const closingIds = before.studies[closing].seriesKeys.flatMap((k) => before.series[k].imageIds);
    // Show a series of the study that is closed.
    store.getState().selectSeries(before.studies[closing].seriesKeys[0], 0);
    store.getState().setViewportState('ready');

    const removed = store.getState().removeStudies([closing]);
    const after = store.getState();
    expect(removed.sort()).toEqual([...closingIds].sort());
    expect(after.studies[closing]).toBeUndefined();
    expect(Object.keys(after.studies).length).toBe(studyKeys.length - 1);
    expect(after.imageOrder.length).toBe(images.length - closingIds.length);
    for (const id of closingIds) expect(after.images[id]).toBeUndefined();
    for (const r of Object.values(after.series)) for (const id of r.imageIds) expect(after.images[id]).toBeDefined();
    // The viewer moved to a remaining series; the close is counted.
    expect(after.activeSeriesKey).not.toBeNull();
    expect(after.series[after.activeSeriesKey!]).toBeDefined();
    expect(after.closeRuns).toBe(1);
  });

  it('closing everything empties the viewer; unknown keys change nothing', () => {
    const store = newStore();
    store.getState().addImages(loadImages());
    expect(store.getState().removeStudies(['s:not-open'])).toEqual([]);
    expect(store.getState().closeRuns).toBe(0);
    const first = Object.keys(store.getState().series)[0];
    store.getState().selectSeries(first, 0);
    store.getState().setViewportState('ready');
    store.getState().removeStudies(Object.keys(store.getState().studies));
    const s = store.getState();
    expect(s.imageOrder).toEqual([]);
    expect(s.patientOrder).toEqual([]);
    expect(Object.keys(s.series)).toEqual([]);
    expect(s.activeSeriesKey).toBeNull();
    expect(s.viewportState).toBe('empty');
    expect(s.renderedImageId).toBeNull();
  });
});
