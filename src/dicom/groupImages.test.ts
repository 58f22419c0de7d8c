// Grouping real files (the pydicom DICOMDIR tree) by patient, study and series UIDs.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dataPath, missingDataReason } from '../../test-support/sharedData';
import { classifyBytes } from './classifyFile';
import { groupImages } from '../store/groupImages';
import type { LoadedImage } from '../store/studyTypes';

const TREE = 'dicom-conformance/pydicom-test-files/dicomdirtests';
const skip = missingDataReason(TREE);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function load(): { images: LoadedImage[]; skipped: string[] } {
  const root = dataPath(TREE);
  const images: LoadedImage[] = [];
  const skipped: string[] = [];
  for (const p of walk(root)) {
    const name = p.split('/').pop()!;
    const c = classifyBytes(new Uint8Array(readFileSync(p)), name);
    if (c.kind !== 'dicom') {
      skipped.push(name);
      continue;
    }
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
  return { images, skipped };
}

describe.skipIf(!!skip)('groupImages on the DICOMDIR test tree', () => {
  const { images, skipped } = load();
  const g = groupImages(images);

  it('skips the DICOMDIR variants, the README and the pixel-less TINY_ALPHA stubs, nothing else', () => {
    const images3 = images.filter((i) => /^(77654033|98892001|98892003)\//.test(i.path));
    expect(images3).toHaveLength(images.length);
    expect(images).toHaveLength(31);
    expect(skipped).toContain('DICOMDIR');
    expect(skipped).toContain('DICOMDIR-bigEnd');
  });

  it('finds the two patients of the tree', () => {
    const ids = g.patientOrder.map((k) => g.patients[k].id).sort();
    expect(ids).toEqual(['77654033', '98890234']);
    const archibald = Object.values(g.patients).find((p) => p.id === '77654033')!;
    expect(archibald.name).toMatch(/Doe/);
    expect(archibald.studyKeys).toHaveLength(2);
  });

  it("puts every folder of the tree in exactly one series, with the folder's image count", () => {
    const byFolder = new Map<string, Set<string>>();
    for (const img of images) {
      const folder = img.path.split('/').slice(0, 2).join('/');
      const series = Object.values(g.series).find((s) => s.imageIds.includes(img.imageId))!;
      if (!byFolder.has(folder)) byFolder.set(folder, new Set());
      byFolder.get(folder)!.add(series.key);
    }
    // Series are keyed by UID, so e.g. 98892003/MR2 holds two series (two studies) but CT5N is one.
    const ct5 = [...byFolder.get('98892001/CT5N')!];
    expect(ct5).toHaveLength(1);
    expect(g.series[ct5[0]].imageIds).toHaveLength(5);
    const mr700 = [...byFolder.get('98892003/MR700')!];
    expect(g.series[mr700[0]].imageIds).toHaveLength(7);
    const ct2 = [...byFolder.get('77654033/CT2')!];
    expect(g.series[ct2[0]].imageIds).toHaveLength(4);
  });

  it('orders images in a series by instance number', () => {
    for (const s of Object.values(g.series)) {
      const nums = s.imageIds.map((id) => images.find((i) => i.imageId === id)!.header!.instanceNumber ?? 0);
      expect([...nums].sort((a, b) => a - b)).toEqual(nums);
    }
  });

  it('gives each study its description, date and modalities', () => {
    const cr = Object.values(g.studies).find((s) => s.modalities.includes('CR'))!;
    expect(cr.date).toBe('20010101');
    expect(cr.description).toMatch(/C Spine/i);
    expect(cr.seriesKeys).toHaveLength(3);
  });

  it('groups PNG/JPEG images by folder, one series each', () => {
    const web: LoadedImage[] = ['a/x.png', 'a/y.png', 'b/z.jpg'].map((path, i) => ({
      imageId: `web:${i}`,
      fileName: path.split('/')[1],
      path,
      frame: 0,
      kind: 'web',
      header: null,
      rows: 8,
      columns: 8,
      samplesPerPixel: 1,
    }));
    const w = groupImages(web);
    expect(Object.keys(w.studies)).toHaveLength(2);
    expect(Object.keys(w.series)).toHaveLength(3);
  });
});
